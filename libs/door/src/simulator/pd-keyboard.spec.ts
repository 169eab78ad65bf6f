import { EventEmitter } from 'node:events';
import { MemoryTransport } from '../link/memory.transport';
import { OsdpPdSimulator } from './osdp-pd.simulator';
import { attachPdKeyboard } from './pd-keyboard';

class FakeTty extends EventEmitter {
  isTTY = true;
  raw = false;
  setRawMode(raw: boolean): void {
    this.raw = raw;
  }
  resume(): void {}
  pause(): void {}
}

function simulator(): OsdpPdSimulator {
  const [, pdEnd] = MemoryTransport.pair();
  return new OsdpPdSimulator(pdEnd, { address: 0, view: null });
}

describe('attachPdKeyboard', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('d, r, t, p and c play the door; detach restores the terminal', () => {
    const sim = simulator();
    const tty = new FakeTty();
    const detach = attachPdKeyboard(sim, { input: tty, card: { data: Uint8Array.of(1, 2) } });
    expect(tty.raw).toBe(true);
    tty.emit('data', Buffer.from('d'));
    expect(sim.doorOpen()).toBe(true);
    tty.emit('data', 'r');
    expect(sim.input(1)).toBe(true);
    jest.advanceTimersByTime(1000);
    expect(sim.input(1)).toBe(false);
    tty.emit('data', 'tp');
    expect(sim.tampered()).toBe(true);
    expect(sim.powerFailed()).toBe(true);
    const presented = jest.spyOn(sim, 'presentCard');
    tty.emit('data', 'c');
    expect(presented).toHaveBeenCalledWith(Uint8Array.of(1, 2), 16, 'raw');
    tty.emit('data', 'D');
    expect(sim.doorOpen()).toBe(false);
    detach();
    expect(tty.raw).toBe(false);
    tty.emit('data', 'd');
    expect(sim.doorOpen()).toBe(false);
  });

  it('Ctrl-C interrupts; a stdin that is not a terminal is left alone', () => {
    const sim = simulator();
    const tty = new FakeTty();
    const onInterrupt = jest.fn();
    attachPdKeyboard(sim, { input: tty, onInterrupt });
    tty.emit('data', '\u0003');
    expect(onInterrupt).toHaveBeenCalled();
    const pipe = new FakeTty();
    pipe.isTTY = false;
    attachPdKeyboard(sim, { input: pipe });
    expect(pipe.raw).toBe(false);
    expect(pipe.listenerCount('data')).toBe(0);
  });
});
