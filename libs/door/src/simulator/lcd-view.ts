import type { LcdLines } from '../door/lcd-text';
import type { OsdpLedColor } from '../osdp/osdp-codes';

export interface LcdViewState {
  address: number;
  relays: readonly boolean[];
  lcd: LcdLines;
  led?: OsdpLedColor;
  inputs?: readonly boolean[];
}

/** Anything with write(string): process.stdout, a file stream, a test's collector. */
export interface TextSink {
  write(text: string): unknown;
}

/**
 * Draws a simulated door board on a console: one compact block per change, the relay states on
 * one line and the LCD in a box. An identical state is not drawn twice.
 */
export class LcdView {
  private last = '';

  constructor(private readonly out: TextSink = process.stdout) {}

  show(state: LcdViewState): void {
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
    const width = Math.max(state.lcd[0].length, state.lcd[1].length);
    const rule = `  +${'-'.repeat(width)}+`;
    return [
      `door board ${address}  ${relays}${led}${inputs}`,
      rule,
      `  |${state.lcd[0]}|`,
      `  |${state.lcd[1]}|`,
      rule,
      '',
    ].join('\n');
  }
}
