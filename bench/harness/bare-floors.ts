import { SerialTransport } from '@kiosk/door';
/** GET DATA (UID), PC/SC part 3: what the kiosk's UID method sends first to a contactless card. */
const GET_UID = Buffer.from([0xff, 0xca, 0x00, 0x00, 0x00]);
const OSDP_POLL = 0x60;

/** What a bare script uses of pcsclite 1.0.1 (its typings do not export the reader's type). */
interface PcscReaderHandle {
  readonly name: string;
  readonly SCARD_PROTOCOL_T0: number;
  readonly SCARD_PROTOCOL_T1: number;
  readonly SCARD_STATE_PRESENT: number;
  readonly SCARD_LEAVE_CARD: number;
  on(event: 'status', listener: (status: { state: number }) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  connect(options: { protocol?: number }, cb: (err: unknown, protocol: number) => void): void;
  transmit(
    data: Buffer,
    resLen: number,
    protocol: number,
    cb: (err: unknown, reply: Buffer) => void,
  ): void;
  disconnect(disposition: number, cb: (err: unknown) => void): void;
}

interface PcscContextHandle {
  on(event: 'reader', listener: (reader: PcscReaderHandle) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  close(): void;
}

type OsdpSequence = 0 | 1 | 2 | 3;

/**
 * One OSDP command frame with no data, as a bare script writes it: SOM, address, length, control
 * (sequence, CRC), code, CRC-16/AUG-CCITT LSB first.
 */
function osdpFrame(address: number, sequence: OsdpSequence, code: number): Uint8Array {
  const head = [0x53, address, 8, 0, 0x04 | sequence, code];
  let crc = 0x1d0f;
  for (const byte of head) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return Uint8Array.from([...head, crc & 0xff, crc >> 8]);
}

/** Whether `bytes` hold a whole reply frame (its length field says how long; a reply has bit 7 of the address set). */
function holdsReply(bytes: Uint8Array): boolean {
  const som = bytes.indexOf(0x53);
  if (som < 0 || bytes.length < som + 4) return false;
  const length = bytes[som + 2]! | (bytes[som + 3]! << 8);
  return (bytes[som + 1]! & 0x80) !== 0 && bytes.length >= som + length;
}

/**
 * The floor of a card read: pcsclite alone, as a bare script would use it. When a card appears in
 * `readerName`, connect (shared, T=0 or T=1), send GET DATA for the UID, disconnect. Nothing else:
 * no card kinds, no session, no logging.
 */
export class BarePcscUidReader {
  private waiting: ((uid: string) => void) | null = null;
  private failed: ((err: Error) => void) | null = null;
  private present = false;

  private constructor(private readonly context: PcscContextHandle) {}

  static async open(readerName: string): Promise<BarePcscUidReader> {
    const pcsclite = (await import('pcsclite')).default as unknown as () => PcscContextHandle;
    const bare = new BarePcscUidReader(pcsclite());
    bare.context.on('error', (err) => bare.fail(err));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no reader ${readerName} within 10 s`)),
        10_000,
      );
      bare.context.on('reader', (reader) => {
        // vpcd's second slot is a reader too; its errors (pcscd going away) are nothing to us.
        if (reader.name !== readerName) return void reader.on('error', () => undefined);
        clearTimeout(timer);
        bare.watch(reader);
        resolve();
      });
    });
    return bare;
  }

  /** Resolves with the UID of the next card that appears (hex). */
  nextUid(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failed = reject;
    });
  }

  /** Closes the context; pcscd stopping after that is no failure. */
  close(): void {
    this.waiting = this.failed = null;
    this.context.close();
  }

  private watch(reader: PcscReaderHandle): void {
    reader.on('error', (err) => this.fail(err));
    reader.on('status', (status) => {
      const present = (status.state & reader.SCARD_STATE_PRESENT) !== 0;
      // Only while a floor tap waits: between them the kiosk reads the cards, and a second
      // connection would be in its way.
      if (present && !this.present && this.waiting) this.read(reader);
      this.present = present;
    });
  }

  private read(reader: PcscReaderHandle): void {
    reader.connect(
      { protocol: reader.SCARD_PROTOCOL_T0 | reader.SCARD_PROTOCOL_T1 },
      (err, protocol) => {
        if (err) return this.fail(err);
        reader.transmit(GET_UID, 258, protocol, (err2, reply) => {
          reader.disconnect(reader.SCARD_LEAVE_CARD, () => undefined);
          if (err2) return this.fail(err2);
          const done = this.waiting;
          this.waiting = this.failed = null;
          done?.(
            reply
              .subarray(0, reply.length - 2)
              .toString('hex')
              .toUpperCase(),
          );
        });
      },
    );
  }

  private fail(err: unknown): void {
    const failed = this.failed;
    this.waiting = this.failed = null;
    failed?.(err instanceof Error ? err : new Error(String(err)));
  }
}

/**
 * The floor of a door command: one OSDP frame (osdp_POLL) written on the ACU's end of the pty and
 * the board's reply read back whole, with nothing of the kiosk's link (no queue, no poll loop).
 */
export class BareOsdpLine {
  private sequence: OsdpSequence = 0;

  private constructor(private readonly transport: SerialTransport) {}

  static async open(path: string): Promise<BareOsdpLine> {
    const transport = new SerialTransport({ path, baudRate: 9600 });
    await transport.open();
    return new BareOsdpLine(transport);
  }

  /** One round trip, in ms. */
  async roundTripMs(): Promise<number> {
    const frame = osdpFrame(0, this.sequence, OSDP_POLL);
    // Sequence 0 starts a session; then 1, 2, 3, 1... (the PD answers a repeated number from its
    // last reply, which would not be a round trip through its logic).
    this.sequence = ((this.sequence % 3) + 1) as OsdpSequence;
    const start = process.hrtime.bigint();
    const replied = new Promise<void>((resolve, reject) => {
      let buffer: Uint8Array = new Uint8Array(0);
      const timer = setTimeout(() => {
        this.transport.off('data', onData);
        reject(new Error('no OSDP reply within 2 s'));
      }, 2_000);
      const onData = (chunk: Uint8Array) => {
        const joined = new Uint8Array(buffer.length + chunk.length);
        joined.set(buffer);
        joined.set(chunk, buffer.length);
        buffer = joined;
        if (!holdsReply(joined)) return;
        clearTimeout(timer);
        this.transport.off('data', onData);
        resolve();
      };
      this.transport.on('data', onData);
    });
    await this.transport.write(frame);
    await replied;
    return Number(process.hrtime.bigint() - start) / 1e6;
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}
