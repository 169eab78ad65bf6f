import { compileReaderPattern } from '@kiosk/card';
import type { DoorSettings } from '../config/doors.config';

/** How the tap path names an OSDP reader on a door board (tap/osdp-card-read.ts). */
export function osdpReaderName(address: number, reader: number): string {
  return `OSDP ${address}/${reader}`;
}

const OSDP_READER = /^OSDP (\d+)\/(\d+)$/;

/**
 * Which door a reader opens: an app concept (the card library only names readers). A PC/SC reader
 * belongs to the first door whose patterns match its name; a terminal's only door with no
 * patterns takes every reader. An OSDP reader `OSDP <address>/<reader>` belongs to the door on
 * that board that lists it, or to its board's only door when that door lists none.
 */
export class ReaderDoorMap {
  private readonly pcsc: Array<{ matches: (reader: string) => boolean; doorId: string }>;

  constructor(private readonly doors: readonly DoorSettings[]) {
    this.pcsc = doors.flatMap((door) =>
      door.readers.map((pattern) => {
        const compiled = compileReaderPattern(pattern);
        // The configuration refused bad patterns already; this is a programming error.
        if (!compiled.ok)
          throw new Error(`door ${door.id}: reader pattern "${pattern}": ${compiled.detail}`);
        return { matches: compiled.matches, doorId: door.id };
      }),
    );
  }

  /** The id of the door `reader` opens, or null when it opens none. */
  doorFor(reader: string): string | null {
    const osdp = OSDP_READER.exec(reader);
    if (osdp) return this.osdpDoor(Number(osdp[1]), Number(osdp[2]));
    const only = this.doors.length === 1 && this.doors[0]!.readers.length === 0;
    if (only) return this.doors[0]!.id;
    return this.pcsc.find((entry) => entry.matches(reader))?.doorId ?? null;
  }

  private osdpDoor(address: number, reader: number): string | null {
    const onBoard = this.doors.filter((door) => door.address === address);
    const listed = onBoard.find((door) => door.osdpReaders.includes(reader));
    if (listed) return listed.id;
    const only = onBoard.length === 1 && onBoard[0]!.osdpReaders.length === 0;
    return only ? onBoard[0]!.id : null;
  }
}
