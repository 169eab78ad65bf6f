import { LcdView, type LcdViewState } from './lcd-view';

const state = (first: string, second: string): LcdViewState => ({
  address: 0,
  relays: [true, false],
  lcd: [first.padEnd(16), second.padEnd(16)],
  led: 'green',
});

describe('LcdView', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function collector(): { view: LcdView; written: string[] } {
    const written: string[] = [];
    return { view: new LcdView({ write: (t: string) => written.push(t) }), written };
  }

  it('draws the relays and a boxed 2x16 LCD once it settles, once per change', () => {
    const { view, written } = collector();
    view.show(state('Welcome', 'Alice'));
    expect(written).toEqual([]);
    jest.advanceTimersByTime(30);
    view.show(state('Welcome', 'Alice'));
    jest.advanceTimersByTime(30);
    expect(written).toEqual([
      [
        'door board 0x00  relay 0 ON   relay 1 off  led green',
        '  +----------------+',
        '  |Welcome         |',
        '  |Alice           |',
        '  +----------------+',
        '',
      ].join('\n'),
    ]);
  });

  it('never draws the half-written display between the two osdp_TEXT rows', () => {
    const { view, written } = collector();
    view.show(state('Welcome', 'Ada Lovelace'));
    jest.advanceTimersByTime(100);
    view.show(state('Access denied', 'Ada Lovelace')); // row 1 written, row 2 not yet
    jest.advanceTimersByTime(10);
    view.show(state('Access denied', 'Unknown card'));
    jest.advanceTimersByTime(29);
    expect(written).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(written).toHaveLength(2);
    expect(written[1]).toContain('|Access denied   |\n  |Unknown card    |');
    expect(written.some((w) => w.includes('|Access denied   |\n  |Ada Lovelace    |'))).toBe(false);
  });

  it('flush() draws the pending state at once; settleMs 0 draws every change', () => {
    const { view, written } = collector();
    view.show(state('Idle', ''));
    view.flush();
    expect(written).toHaveLength(1);
    const eager: string[] = [];
    const now = new LcdView({ write: (t: string) => eager.push(t) }, { settleMs: 0 });
    now.show(state('A', ''));
    now.show(state('B', ''));
    expect(eager).toHaveLength(2);
  });
});
