import type { OsdpOutputControl } from '../osdp/osdp-command.codec';

interface OutputState {
  permanent: boolean;
  temporary: { on: boolean; timer: NodeJS.Timeout } | null;
}

/**
 * A PD's outputs (relays) under OSDP v2.2 osdp_OUT rules: a permanent state, and a temporary state
 * that ends by itself when its timer runs out, returning the output to the permanent state.
 */
export class SimulatedOutputs {
  private readonly outputs: OutputState[];

  constructor(
    count: number,
    private readonly onChange: (output: number, on: boolean) => void,
  ) {
    this.outputs = Array.from({ length: count }, () => ({ permanent: false, temporary: null }));
  }

  get count(): number {
    return this.outputs.length;
  }

  isOn(output: number): boolean {
    const o = this.outputs[output];
    return o ? (o.temporary?.on ?? o.permanent) : false;
  }

  states(): boolean[] {
    return this.outputs.map((_, i) => this.isOn(i));
  }

  /** Checks a whole osdp_OUT before any record acts: true when every output exists. */
  accepts(records: readonly OsdpOutputControl[]): boolean {
    return records.every((r) => r.output < this.outputs.length);
  }

  apply(record: OsdpOutputControl): void {
    const o = this.outputs[record.output];
    if (!o) return;
    const before = this.isOn(record.output);
    switch (record.control) {
      case 'nop':
        break;
      case 'permanent-off-abort-timer':
      case 'permanent-on-abort-timer':
        this.cancelTemporary(o);
        o.permanent = record.control === 'permanent-on-abort-timer';
        break;
      case 'permanent-off-allow-timer':
      case 'permanent-on-allow-timer':
        o.permanent = record.control === 'permanent-on-allow-timer';
        break;
      case 'temporary-on':
      case 'temporary-off':
        this.startTemporary(
          record.output,
          o,
          record.control === 'temporary-on',
          record.timer * 100,
        );
        break;
    }
    this.notify(record.output, before);
  }

  dispose(): void {
    for (const o of this.outputs) this.cancelTemporary(o);
  }

  reset(): void {
    this.outputs.forEach((_, i) =>
      this.apply({ output: i, control: 'permanent-off-abort-timer', timer: 0 }),
    );
  }

  private startTemporary(output: number, o: OutputState, on: boolean, ms: number): void {
    this.cancelTemporary(o);
    if (ms <= 0) return;
    const timer = setTimeout(() => {
      const before = this.isOn(output);
      o.temporary = null;
      this.notify(output, before);
    }, ms);
    o.temporary = { on, timer };
  }

  private cancelTemporary(o: OutputState): void {
    if (o.temporary) clearTimeout(o.temporary.timer);
    o.temporary = null;
  }

  private notify(output: number, before: boolean): void {
    const now = this.isOn(output);
    if (now !== before) this.onChange(output, now);
  }
}
