import type { LcdLines } from '../link/lcd-text';
import type { OsdpLedColor } from '../osdp/osdp-codes';

export interface LcdViewState {
  address: number;
  relays: readonly boolean[];
  lcd: LcdLines;
  led?: OsdpLedColor;
  inputs?: readonly boolean[];
  tamper?: boolean;
}

/** Anything with write(string): process.stdout, a file stream, a test's collector. */
export interface TextSink {
  write(text: string): unknown;
}

export interface LcdViewOptions {
  /**
   * Draw a state only once it has not changed for this long. The ACU writes the two LCD rows with
   * two osdp_TEXT messages; without settling, the console would show the half-written display
   * ("Access denied" over the previous holder's name) between them. 0 draws every change at once.
   */
  settleMs?: number;
}

const DEFAULT_SETTLE_MS = 30;

/**
 * Draws a simulated door board on a console: one compact block per settled change, the relay
 * states on one line and the LCD in a box. An identical state is not drawn twice.
 */
export class LcdView {
  private last = '';
  private pending: LcdViewState | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly settleMs: number;

  constructor(
    private readonly out: TextSink = process.stdout,
    options: LcdViewOptions = {},
  ) {
    this.settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;
  }

  show(state: LcdViewState): void {
    this.pending = state;
    if (this.settleMs <= 0) return this.flush();
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.settleMs);
    this.timer.unref();
  }

  /** Draws the latest state now, if it differs from the last one drawn. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const state = this.pending;
    this.pending = null;
    if (!state) return;
    const block = LcdView.format(state);
    if (block === this.last) return;
    this.last = block;
    this.out.write(block);
  }

  static format(state: LcdViewState): string {
    const address = `0x${state.address.toString(16).padStart(2, '0')}`;
    const relays = state.relays.map((on, i) => `relay ${i} ${on ? 'ON ' : 'off'}`).join('  ');
    const led = state.led ? `  led ${state.led}` : '';
    const inputs = state.inputs?.length
      ? `  inputs ${state.inputs.map((on) => (on ? '1' : '0')).join('')}`
      : '';
    const tamper = state.tamper ? '  TAMPER' : '';
    const width = Math.max(state.lcd[0].length, state.lcd[1].length);
    const rule = `  +${'-'.repeat(width)}+`;
    return [
      `door board ${address}  ${relays}${led}${inputs}${tamper}`,
      rule,
      `  |${state.lcd[0]}|`,
      `  |${state.lcd[1]}|`,
      rule,
      '',
    ].join('\n');
  }
}
