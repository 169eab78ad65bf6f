import type { DoorSettings } from './doors.config';

/**
 * A door with how problems name its keys: `doors[1].relayOutput` in the file,
 * `KIOSK_DOORS[1].relay` in the variable, `KIOSK_DOOR_ADDRESS=5` for the one-door form.
 */
export interface NamedDoor {
  readonly door: DoorSettings;
  readonly key: (key: 'id' | 'address' | 'relay' | 'readers' | 'osdpReaders') => string;
  /** How many readers the door names, found or not (a name not found is a problem already). */
  readonly readersNamed?: number;
}

/**
 * Problems only visible across doors: the same id twice, two doors on one relay or one OSDP
 * reader, a door on a board the bus does not declare, a door that no reader could open.
 */
export function doorsTogetherProblems(
  doors: readonly NamedDoor[],
  boards: readonly number[] | null,
): string[] {
  const problems: string[] = [];
  const taken = new Map<string, string>();
  const once = (key: string, value: string, problem: (first: string) => string) => {
    const first = taken.get(key);
    if (first === undefined) taken.set(key, value);
    else problems.push(problem(first));
  };
  for (const { door, key } of doors) {
    once(`id ${door.id}`, key('id'), (first) => `${key('id')}: "${door.id}" is already ${first}`);
    once(
      `relay ${door.address}/${door.relayOutput}`,
      door.id,
      (first) =>
        `${key('relay')}: relay ${door.relayOutput} of board ${door.address} is already door "${first}"`,
    );
    door.osdpReaders.forEach((reader, i) =>
      once(
        `osdp ${door.address}/${reader}`,
        door.id,
        (first) =>
          `${key('osdpReaders')}[${i}]: OSDP reader ${reader} of board ${door.address} is already door "${first}"`,
      ),
    );
    if (boards !== null && !boards.includes(door.address))
      problems.push(
        `${key('address')}: no board at address ${door.address} (doorBus.boards: ${boards.join(', ')})`,
      );
  }
  for (const { door, key, readersNamed } of doors) {
    const silent = (readersNamed ?? door.readers.length) === 0 && door.osdpReaders.length === 0;
    const boardToItself = doors.filter((d) => d.door.address === door.address).length === 1;
    if (silent && doors.length > 1 && !boardToItself)
      problems.push(
        `${key('readers')}: door "${door.id}" names no reader (readers or osdpReaders), and shares its board: no card could open it`,
      );
  }
  return problems;
}
