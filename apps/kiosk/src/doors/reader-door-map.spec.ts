import type { DoorSettings } from '../config/doors.config';
import { ReaderDoorMap } from './reader-door-map';

const door = (id: string, over: Partial<DoorSettings> = {}): DoorSettings => ({
  id,
  address: 0,
  relayOutput: 0,
  pulseMs: 3000,
  contactInput: 0,
  contactActiveMeansOpen: true,
  rexInput: null,
  heldOpenMs: 30_000,
  readers: [],
  osdpReaders: [],
  ...over,
});

describe('ReaderDoorMap', () => {
  it('gives a terminal only door every reader, PC/SC and OSDP on its board', () => {
    const map = new ReaderDoorMap([door('main')]);
    expect(map.doorFor('ACS ACR122U PICC Interface 00')).toBe('main');
    expect(map.doorFor('OSDP 0/0')).toBe('main');
    expect(map.doorFor('OSDP 0/3')).toBe('main');
    expect(map.doorFor('OSDP 5/0')).toBeNull(); // another board: not this door's
  });

  const map = new ReaderDoorMap([
    door('front', { readers: ['Virtual PCD 00 00'], address: 0, relayOutput: 0 }),
    door('back', {
      readers: ['/^ACS ACR122U.* 01$/'],
      address: 0,
      relayOutput: 1,
      osdpReaders: [1],
    }),
    door('side', { readers: ['acr122'], address: 2, relayOutput: 0 }),
  ]);

  it.each([
    ['Virtual PCD 00 00', 'front'],
    ['virtual pcd 00 00', 'front'],
    ['ACS ACR122U PICC Interface 01', 'back'],
    ['ACS ACR122U PICC Interface 00', 'side'], // first match wins, in configuration order
    ['Virtual PCD 00 01', null],
    ['OSDP 0/1', 'back'],
    ['OSDP 0/0', null], // two doors share board 0 and neither lists reader 0
    ['OSDP 2/0', 'side'], // board 2 has one door, which lists no OSDP reader: all of them
    ['OSDP 9/0', null],
  ])('%s opens %s', (reader, expected) => {
    expect(map.doorFor(reader)).toBe(expected);
  });
});
