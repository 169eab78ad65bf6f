import type { OsdpReply } from '../osdp/osdp-reply.codec';

/**
 * A PD's inputs (door contact, REX), tamper switch and reader events, and the news not yet
 * reported: the PD answers osdp_POLL with the oldest item instead of osdp_ACK.
 */
export class SimulatedInputs {
  private readonly states: boolean[];
  private tamper = false;
  private powerFailure = false;
  private readonly news: OsdpReply[] = [];

  constructor(count: number) {
    this.states = Array.from({ length: count }, () => false);
  }

  get count(): number {
    return this.states.length;
  }

  input(n: number): boolean {
    return this.states[n] ?? false;
  }

  inputs(): boolean[] {
    return [...this.states];
  }

  tampered(): boolean {
    return this.tamper;
  }

  /** osdp_LSTATR's two flags. */
  localStatus(): { tamper: boolean; powerFailure: boolean } {
    return { tamper: this.tamper, powerFailure: this.powerFailure };
  }

  setInput(n: number, active: boolean): void {
    if (n < 0 || n >= this.states.length || this.states[n] === active) return;
    this.states[n] = active;
    this.report({ kind: 'istatr', inputs: this.inputs() });
  }

  setTamper(active: boolean): void {
    if (this.tamper === active) return;
    this.tamper = active;
    this.report({ kind: 'lstatr', ...this.localStatus() });
  }

  setPowerFailure(failed: boolean): void {
    if (this.powerFailure === failed) return;
    this.powerFailure = failed;
    this.report({ kind: 'lstatr', ...this.localStatus() });
  }

  /** Reader events (osdp_RAW, osdp_KEYPAD) are queued in full: each one is reported. */
  queue(reply: OsdpReply): void {
    this.news.push(reply);
  }

  nextNews(): OsdpReply | undefined {
    return this.news.shift();
  }

  clearNews(): void {
    this.news.length = 0;
  }

  // A newer status of the same kind replaces one not yet reported: the ACU wants the state now.
  private report(reply: OsdpReply): void {
    const i = this.news.findIndex((r) => r.kind === reply.kind);
    if (i >= 0) this.news.splice(i, 1, reply);
    else this.news.push(reply);
  }
}
