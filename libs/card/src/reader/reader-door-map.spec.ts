import { ReaderDoorMap } from './reader-door-map';

describe('ReaderDoorMap', () => {
  const map = new ReaderDoorMap([
    { readerPattern: 'Virtual PCD 00 00', doorId: 'front' },
    { readerPattern: '/^ACS ACR122U.* 01$/', doorId: 'back' },
    { readerPattern: 'acr122', doorId: 'side' },
  ]);

  it.each([
    ['Virtual PCD 00 00', 'front'],
    ['virtual pcd 00 00', 'front'],
    ['ACS ACR122U PICC Interface 01', 'back'],
    ['ACS ACR122U PICC Interface 00', 'side'],
    ['Virtual PCD 00 01', null],
  ])('%s → %s (first match wins)', (reader, door) => {
    expect(map.doorFor(reader)).toBe(door);
  });

  it('refuses a bad pattern at construction', () => {
    expect(() => new ReaderDoorMap([{ readerPattern: '/(/', doorId: 'x' }])).toThrow(
      /reader pattern/,
    );
  });

  it('maps nothing when empty', () => {
    expect(new ReaderDoorMap([]).doorFor('any')).toBeNull();
  });
});
