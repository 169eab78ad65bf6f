import { SimulatedLcd } from './simulated-lcd';
import { SimulatedOutputs } from './simulated-outputs';

describe('SimulatedOutputs (osdp_OUT rules)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('a temporary pulse ends by itself and returns to the permanent state', () => {
    const changes: [number, boolean][] = [];
    const outputs = new SimulatedOutputs(2, (o, on) => changes.push([o, on]));
    outputs.apply({ output: 0, control: 'temporary-on', timer: 30 });
    expect(outputs.isOn(0)).toBe(true);
    jest.advanceTimersByTime(2999);
    expect(outputs.isOn(0)).toBe(true);
    jest.advanceTimersByTime(1);
    expect(outputs.isOn(0)).toBe(false);
    expect(changes).toEqual([
      [0, true],
      [0, false],
    ]);
  });

  it('a permanent change lets a running pulse finish or aborts it, as asked', () => {
    const outputs = new SimulatedOutputs(1, () => undefined);
    outputs.apply({ output: 0, control: 'temporary-on', timer: 10 });
    outputs.apply({ output: 0, control: 'permanent-on-allow-timer', timer: 0 });
    jest.advanceTimersByTime(1000);
    expect(outputs.isOn(0)).toBe(true); // back to the new permanent state: on
    outputs.apply({ output: 0, control: 'temporary-off', timer: 10 });
    outputs.apply({ output: 0, control: 'permanent-off-abort-timer', timer: 0 });
    expect(outputs.isOn(0)).toBe(false);
    expect(outputs.accepts([{ output: 1, control: 'nop', timer: 0 }])).toBe(false);
    outputs.dispose();
  });
});

describe('SimulatedLcd (osdp_TEXT rules)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('clips without wrap, continues on row 2 with wrap, and restores after temporary text', () => {
    const lcd = new SimulatedLcd(16, () => undefined);
    const text = { reader: 0, temporarySeconds: 0, row: 1, column: 11 };
    lcd.apply({ ...text, command: 'permanent-no-wrap', text: 'Hello world' });
    expect(lcd.lines()).toEqual(['          Hello ', '                ']);
    lcd.apply({ ...text, command: 'permanent-wrap', text: 'Hello world' });
    expect(lcd.lines()).toEqual(['          Hello ', 'world           ']);
    lcd.apply({
      ...text,
      column: 1,
      command: 'temporary-no-wrap',
      temporarySeconds: 2,
      text: 'Denied',
    });
    expect(lcd.lines()[0]).toBe('Denied    Hello ');
    jest.advanceTimersByTime(2000);
    expect(lcd.lines()).toEqual(['          Hello ', 'world           ']);
    expect(lcd.accepts({ ...text, row: 3, command: 'permanent-no-wrap', text: '' })).toBe(false);
  });
});
