import { parseApduTrace, type ApduTraceStep } from '../codec/apdu-trace.parser';
import { toHex } from '../codec/hex';
import {
  CardFault,
  type CardConnection,
  type CardFaultCode,
  type CardTransport,
  type CardTransportEvent,
} from './card-transport';

const FAULT_CODES: ReadonlySet<string> = new Set<CardFaultCode>([
  'card-removed',
  'card-reset',
  'card-unresponsive',
  'reader-removed',
  'reader-busy',
  'middleware-unavailable',
  'protocol-error',
  'transport-stopped',
  'unknown',
]);

export interface ScriptedTransportOptions {
  /**
   * A GET PROCESSING OPTIONS (80 A8) matches a scripted one whatever its data: a trace of a real
   * card holds that terminal's PDOL data (date, unpredictable number), and the card's answer does
   * not depend on it for what a replay checks.
   */
  anyGpoData?: boolean;
}

const GPO_CLA = 0x80;
const GPO_INS = 0xa8;

/**
 * A fake CardTransport for unit tests. It replays a trace: each transmitted command must equal
 * the next scripted one, and gets the scripted response or fault. The test drives the medium's
 * events (readers, cards, service). A mismatch is recorded and thrown by `assertDone()`.
 */
export class ScriptedCardTransport implements CardTransport {
  readonly sent: Uint8Array[] = [];
  /** Called before each scripted reply; a test may pull the card here. */
  onTransmit?: (command: Uint8Array, index: number) => void;
  private readonly steps: ApduTraceStep[] = [];
  private readonly atrs = new Map<string, Uint8Array | undefined>();
  private readonly connectFaults: CardFaultCode[] = [];
  private stalled?: Promise<void>;
  private listener?: (event: CardTransportEvent) => void;
  private mismatch?: Error;
  connections = 0;
  open = 0;
  /** When set, every disconnect fails with this code (after releasing, as a reader may). */
  disconnectFault?: CardFaultCode;

  constructor(
    steps: ApduTraceStep[] = [],
    private readonly options: ScriptedTransportOptions = {},
  ) {
    this.script(steps);
  }

  /** Builds one from trace text; throws on a malformed trace (a test's own mistake). */
  static fromTrace(text: string, options: ScriptedTransportOptions = {}): ScriptedCardTransport {
    const parsed = parseApduTrace(text);
    if (!parsed.ok) throw new Error(`bad trace: ${parsed.problem} at line ${parsed.at}`);
    return new ScriptedCardTransport(parsed.value, options);
  }

  script(steps: ApduTraceStep[]): this {
    for (const step of steps) {
      if ('fault' in step && !FAULT_CODES.has(step.fault))
        throw new Error(`bad fault ${step.fault}`);
      this.steps.push(step);
    }
    return this;
  }

  get remaining(): number {
    return this.steps.length;
  }

  assertDone(): void {
    if (this.mismatch) throw this.mismatch;
    if (this.steps.length > 0) throw new Error(`${this.steps.length} scripted exchanges not sent`);
  }

  start(listener: (event: CardTransportEvent) => void): Promise<void> {
    this.listener = listener;
    return Promise.resolve();
  }

  stop(): Promise<void> {
    this.listener = undefined;
    return Promise.resolve();
  }

  attachReader(reader: string): void {
    this.atrs.set(reader, undefined);
    this.emit({ type: 'reader-attached', reader });
  }

  removeReader(reader: string): void {
    if (this.atrs.get(reader)) this.emit({ type: 'card-removed', reader });
    this.atrs.delete(reader);
    this.emit({ type: 'reader-removed', reader });
  }

  insertCard(reader: string, atr: Uint8Array, presentAtAttach = false): void {
    this.atrs.set(reader, atr);
    this.emit({ type: 'card-inserted', reader, atr, presentAtAttach });
  }

  removeCard(reader: string): void {
    this.atrs.set(reader, undefined);
    this.emit({ type: 'card-removed', reader });
  }

  emitEvent(event: CardTransportEvent): void {
    this.emit(event);
  }

  failNextConnect(code: CardFaultCode): void {
    this.connectFaults.push(code);
  }

  /** The next connect waits until the returned function is called (a stalled SCardConnect). */
  stallNextConnect(): () => void {
    let release = (): void => undefined;
    this.stalled = new Promise((resolve) => (release = resolve));
    return release;
  }

  async connect(reader: string): Promise<CardConnection> {
    this.connections += 1;
    const stalled = this.stalled;
    this.stalled = undefined;
    if (stalled) await stalled;
    const fault = this.connectFaults.shift();
    if (fault) throw new CardFault(fault, `scripted connect fault on ${reader}`);
    const atr = this.atrs.get(reader);
    if (!this.atrs.has(reader)) throw new CardFault('reader-removed', reader);
    if (!atr) throw new CardFault('card-removed', `no card on ${reader}`);
    this.open += 1;
    let closed = false;
    const connection: CardConnection = {
      reader,
      atr,
      protocol: 'T=1',
      transmit: (command) => this.transmit(command),
      disconnect: () => {
        if (!closed) this.open -= 1;
        closed = true;
        const fault = this.disconnectFault;
        return fault
          ? Promise.reject(new CardFault(fault, `scripted disconnect fault on ${reader}`))
          : Promise.resolve();
      },
    };
    return connection;
  }

  private async transmit(command: Uint8Array): Promise<Uint8Array> {
    const index = this.sent.length;
    this.sent.push(command);
    await Promise.resolve();
    this.onTransmit?.(command, index);
    const step = this.steps.shift();
    if (!step || !this.matches(command, step.command)) {
      const expected = step ? toHex(step.command, ' ') : 'nothing';
      this.mismatch ??= new Error(
        `command ${index}: sent ${toHex(command, ' ')}, expected ${expected}`,
      );
      throw new CardFault('protocol-error', this.mismatch.message);
    }
    if ('fault' in step) throw new CardFault(step.fault as CardFaultCode, 'scripted fault');
    return step.response;
  }

  private matches(sent: Uint8Array, scripted: Uint8Array): boolean {
    if (toHex(sent) === toHex(scripted)) return true;
    const gpo = (c: Uint8Array): boolean => c[0] === GPO_CLA && c[1] === GPO_INS;
    return this.options.anyGpoData === true && gpo(sent) && gpo(scripted);
  }

  private emit(event: CardTransportEvent): void {
    this.listener?.(event);
  }
}
