import type { DoorSettings } from '../config/doors.config';
import { formatCheckLine } from './doctor-check';
import { checkDoorReaders } from './door-readers.check';

const door = (id: string, readers: string[] = []): DoorSettings => ({
  id,
  address: 0,
  relayOutput: 0,
  pulseMs: 3000,
  contactInput: 0,
  contactActiveMeansOpen: true,
  rexInput: null,
  heldOpenMs: 30_000,
  readers,
  osdpReaders: [],
});
const PRESENT = ['ACS ACR122U PICC Interface 00 00', 'Virtual PCD 00 00', 'Virtual PCD 00 01'];
const lines = (config: Parameters<typeof checkDoorReaders>[1], present = PRESENT) =>
  checkDoorReaders(present, config).map(formatCheckLine);

describe("the doors' readers", () => {
  it("gives a terminal's only door every reader followed", () => {
    expect(lines({ reader: { pattern: 'virtual' }, doors: [door('main')] })).toEqual([
      'ok   door main: reads cards from Virtual PCD 00 00, Virtual PCD 00 01',
    ]);
  });

  it('gives each door the readers its patterns match, substring or /regex/', () => {
    expect(
      lines({
        reader: { pattern: null },
        doors: [door('front', ['ACR122']), door('back', ['/PCD 00 0[1]$/']), door('osdp')],
      }),
    ).toEqual([
      'ok   door front: reads cards from ACS ACR122U PICC Interface 00 00',
      'ok   door back: reads cards from Virtual PCD 00 01',
    ]);
  });

  it('warns of a door whose patterns match no reader present', () => {
    expect(lines({ reader: { pattern: null }, doors: [door('front', ['Omnikey'])] })).toEqual([
      'WARN door front: no reader present matches Omnikey - plug the reader in, or correct the pattern (readers, doors[].readers, cards.followReaders)',
    ]);
  });

  it('warns when the readers followed leave out every reader present', () => {
    expect(lines({ reader: { pattern: 'Omnikey' }, doors: [door('main')] })).toEqual([
      'WARN readers: none of the 3 readers matches cards.followReaders (Omnikey) - plug the reader in, or correct the pattern (readers, doors[].readers, cards.followReaders)',
    ]);
  });

  it('warns of the only door when no reader is present at all', () => {
    expect(lines({ reader: { pattern: null }, doors: [door('main')] }, [])).toEqual([
      expect.stringMatching(/^WARN door main: no reader present - /),
    ]);
  });
});
