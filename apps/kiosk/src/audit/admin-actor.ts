/** Who made an admin change: a shell user through the CLI, or an API token (later). */
export type AdminActor =
  { kind: 'cli'; user: string } | { kind: 'token'; tokenId: string; name: string };
