/** What GET /api/v1/health says, as far as the specs look at it. */
export interface KioskHealth {
  status: string;
  details: {
    database: { status: string; waiting: number; oldestWaitMs: number; problem?: string };
    doors: {
      status: string;
      simulated: boolean;
      problem?: string;
      doors: {
        doorId: string;
        address: number;
        online: boolean;
        lockdown: boolean;
        contact: string;
        tamper: boolean | null;
        powerFailure: boolean | null;
      }[];
    };
  };
}

export async function readHealth(kioskUrl: string): Promise<KioskHealth> {
  return (await (await fetch(`${kioskUrl}/api/v1/health`)).json()) as KioskHealth;
}

/** One door's entry in the health details; fails when the kiosk does not list it. */
export async function doorHealth(kioskUrl: string, doorId = 'main') {
  const door = (await readHealth(kioskUrl)).details.doors.doors.find((d) => d.doorId === doorId);
  if (!door) throw new Error(`health lists no door "${doorId}"`);
  return door;
}
