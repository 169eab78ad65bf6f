/** The most UTF-8 bytes one UTF-16 code unit takes (a surrogate pair: 4 bytes for 2 units). */
const UTF8_PER_UNIT = 3;

/**
 * A page of an export's lines as UTF-8 bytes, written into one Buffer line by line: no line
 * outlives its own write, and no page text (a rope of every line, then its flat copy) is built.
 * Call `take` once.
 */
export class PageBytes {
  private bytes: Buffer;
  private used = 0;

  constructor(expectedBytes: number) {
    this.bytes = Buffer.allocUnsafe(expectedBytes);
  }

  append(text: string): void {
    const most = text.length * UTF8_PER_UNIT;
    if (this.used + most > this.bytes.length) {
      const larger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + most));
      this.bytes.copy(larger, 0, 0, this.used);
      this.bytes = larger;
    }
    this.used += this.bytes.write(text, this.used, 'utf8');
  }

  get length(): number {
    return this.used;
  }

  /** The bytes written so far. */
  take(): Buffer {
    return this.bytes.subarray(0, this.used);
  }
}
