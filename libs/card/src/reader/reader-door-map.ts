import { compileReaderPattern } from '../codec/reader-pattern';

/** Which door a reader serves: the first entry whose pattern matches the reader name. */
export interface ReaderDoorEntry {
  /** Substring (case-insensitive) or `/regex/flags`, as ReaderManager's readerPattern. */
  readerPattern: string;
  doorId: string;
}

/**
 * Maps reader names to doors by configured patterns. Pure; a bad pattern is refused at
 * construction (a configuration error must surface at boot, not at the first tap).
 */
export class ReaderDoorMap {
  private readonly entries: Array<{ matches: (reader: string) => boolean; doorId: string }>;

  constructor(entries: readonly ReaderDoorEntry[]) {
    this.entries = entries.map(({ readerPattern, doorId }) => {
      const pattern = compileReaderPattern(readerPattern);
      if (!pattern.ok) throw new Error(`reader pattern "${readerPattern}": ${pattern.detail}`);
      return { matches: pattern.matches, doorId };
    });
  }

  /** The door of this reader, or null when no pattern matches it. */
  doorFor(readerName: string): string | null {
    return this.entries.find((e) => e.matches(readerName))?.doorId ?? null;
  }
}
