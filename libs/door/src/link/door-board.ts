import type { OsdpCommand, OsdpLedControl } from '../osdp/osdp-command.codec';
import type { OsdpLedColor } from '../osdp/osdp-codes';
import type { OsdpReply } from '../osdp/osdp-reply.codec';
import { DoorLinkFault } from './door-link.errors';
import { fitLcdText, type LcdFitOptions } from './lcd-text';

/** What a DoorBoard needs from the link: OsdpAcu provides it. */
export interface OsdpCommandSink {
  send(address: number, command: OsdpCommand): Promise<OsdpReply>;
  isOnline(address: number): boolean;
}

/** Buzzer timing in milliseconds (sent in units of 100 ms); count 0 repeats until the next beep. */
export interface BeepTiming {
  onMs: number;
  offMs: number;
  count: number;
}
export type BeepPattern = 'short' | 'long' | 'double' | 'denied' | 'off' | BeepTiming;

const BEEPS: Readonly<Record<Exclude<BeepPattern, BeepTiming | 'off'>, BeepTiming>> = {
  short: { onMs: 200, offMs: 100, count: 1 },
  long: { onMs: 1000, offMs: 100, count: 1 },
  double: { onMs: 150, offMs: 150, count: 2 },
  denied: { onMs: 500, offMs: 200, count: 3 },
};

export interface ShowTextOptions extends Pick<LcdFitOptions, 'align'> {
  /** Show for this many seconds, then the PD restores its permanent text. */
  temporarySeconds?: number;
}

export interface DoorBoardOptions {
  /** OSDP reader number of the display, buzzer and LED on this PD. */
  reader?: number;
  /** Characters per LCD line. */
  columns?: number;
}

const units100ms = (ms: number, max: number): number =>
  Math.min(max, Math.max(0, Math.ceil(ms / 100)));

/**
 * One door controller (an OSDP PD) as the app sees it: the link's commands in the app's words,
 * which is why it lives in link/ (OsdpAcu.board() makes one) and knows nothing of door rules. Each
 * method resolves when the PD has acknowledged, and rejects with a DoorLinkFault otherwise; none
 * waits longer than the link's queue deadline plus its reply timeouts.
 */
export class DoorBoard {
  constructor(
    private readonly link: OsdpCommandSink,
    readonly address: number,
    private readonly options: DoorBoardOptions = {},
  ) {}

  get online(): boolean {
    return this.link.isOnline(this.address);
  }

  // OSDP v2.2 osdp_OUT (0x68) control code 5: on for the timer (units of 100 ms, LSB first), then
  // the PD itself returns the output to its permanent state, so a crashed ACU never leaves it open.
  async pulseRelay(output: number, ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms <= 0) throw new RangeError(`pulse time must be positive: ${ms}`);
    await this.ack({
      kind: 'out',
      outputs: [{ output, control: 'temporary-on', timer: Math.max(1, units100ms(ms, 0xffff)) }],
    });
  }

  /** Sets an output on or off permanently, cancelling any running pulse. */
  async setRelay(output: number, on: boolean): Promise<void> {
    const control = on ? 'permanent-on-abort-timer' : 'permanent-off-abort-timer';
    await this.ack({ kind: 'out', outputs: [{ output, control, timer: 0 }] });
  }

  // OSDP v2.2 osdp_TEXT (0x6B): one message per row, each a full row so old text is overwritten.
  async showText(lines: readonly [string, string], opts: ShowTextOptions = {}): Promise<void> {
    const fitted = fitLcdText(lines, {
      columns: this.options.columns ?? 16,
      ...(opts.align ? { align: opts.align } : {}),
    });
    const temporary = opts.temporarySeconds !== undefined;
    const seconds = temporary
      ? Math.min(255, Math.max(1, Math.ceil(opts.temporarySeconds ?? 1)))
      : 0;
    await Promise.all(
      fitted.map((text, i) =>
        this.ack({
          kind: 'text',
          text: {
            reader: this.reader,
            command: temporary ? 'temporary-no-wrap' : 'permanent-no-wrap',
            temporarySeconds: seconds,
            row: i + 1,
            column: 1,
            text,
          },
        }),
      ),
    );
  }

  // OSDP v2.2 osdp_BUZ (0x6A): tone 2 is the default tone, 1 turns it off; times in 100 ms units.
  async beep(pattern: BeepPattern = 'short'): Promise<void> {
    if (pattern === 'off')
      return this.ack({
        kind: 'buz',
        buzzer: { reader: this.reader, tone: 'off', onTime: 0, offTime: 0, count: 0 },
      });
    const t = typeof pattern === 'string' ? BEEPS[pattern] : pattern;
    const buzzer = {
      reader: this.reader,
      tone: 'default' as const,
      onTime: units100ms(t.onMs, 255),
      offTime: units100ms(t.offMs, 255),
      count: Math.min(255, Math.max(0, t.count)),
    };
    await this.ack({ kind: 'buz', buzzer });
  }

  // OSDP v2.2 osdp_LED (0x69): a temporary colour for `seconds`, or a new permanent colour.
  async led(color: OsdpLedColor, opts: { seconds?: number; led?: number } = {}): Promise<void> {
    const off = { onTime: 0, offTime: 0, onColor: 'black' as const, offColor: 'black' as const };
    const record: OsdpLedControl = {
      reader: this.reader,
      led: opts.led ?? 0,
      temporary: { control: 'nop', ...off, timer: 0 },
      permanent: { control: 'nop', ...off },
    };
    if (opts.seconds !== undefined) {
      record.temporary = {
        control: 'set',
        onTime: 255,
        offTime: 0,
        onColor: color,
        offColor: color,
        timer: units100ms(opts.seconds * 1000, 0xffff),
      };
    } else {
      record.permanent = {
        control: 'set',
        onTime: 255,
        offTime: 0,
        onColor: color,
        offColor: color,
      };
    }
    await this.ack({ kind: 'led', leds: [record] });
  }

  /** osdp_ISTAT → osdp_ISTATR: true where an input is active. */
  async inputs(): Promise<boolean[]> {
    const reply = await this.link.send(this.address, { kind: 'istat' });
    if (reply.kind === 'istatr') return reply.inputs;
    throw this.unexpected('istat', reply);
  }

  /** osdp_OSTAT → osdp_OSTATR: true where an output is on. */
  async outputs(): Promise<boolean[]> {
    const reply = await this.link.send(this.address, { kind: 'ostat' });
    if (reply.kind === 'ostatr') return reply.outputs;
    throw this.unexpected('ostat', reply);
  }

  /** osdp_LSTAT → osdp_LSTATR: the PD's tamper switch and power. */
  async localStatus(): Promise<{ tamper: boolean; powerFailure: boolean }> {
    const reply = await this.link.send(this.address, { kind: 'lstat' });
    if (reply.kind === 'lstatr') return { tamper: reply.tamper, powerFailure: reply.powerFailure };
    throw this.unexpected('lstat', reply);
  }

  private get reader(): number {
    return this.options.reader ?? 0;
  }

  private async ack(command: OsdpCommand): Promise<void> {
    const reply = await this.link.send(this.address, command);
    if (reply.kind !== 'ack') throw this.unexpected(command.kind, reply);
  }

  private unexpected(command: string, reply: OsdpReply): DoorLinkFault {
    return new DoorLinkFault(
      'bad-reply',
      `${command} to PD ${this.address}: unexpected ${reply.kind}`,
      { address: this.address },
    );
  }
}
