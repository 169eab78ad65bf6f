import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreatePanKey, PAN_KEY_BYTES } from './pan-key';

describe('loadOrCreatePanKey', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'kiosk-pan-key-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a random key with mode 0600 in a new directory, then reads the same key back', () => {
    const path = join(dir, 'sub', 'pan.key');
    const first = loadOrCreatePanKey(path);
    expect(first.created).toBe(true);
    expect(first.key).toHaveLength(PAN_KEY_BYTES);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const second = loadOrCreatePanKey(path);
    expect(second).toEqual({ key: first.key, created: false });
    expect(readFileSync(path)).toEqual(first.key);
  });

  it('gives different keys to different files', () => {
    expect(loadOrCreatePanKey(join(dir, 'a')).key).not.toEqual(
      loadOrCreatePanKey(join(dir, 'b')).key,
    );
  });

  it('refuses a key readable by others, and leaves it as it was', () => {
    const path = join(dir, 'pan.key');
    writeFileSync(path, Buffer.alloc(32, 7));
    chmodSync(path, 0o644);
    expect(() => loadOrCreatePanKey(path)).toThrow(/readable by others \(mode 644\): chmod 600/);
    expect(readFileSync(path)).toEqual(Buffer.alloc(32, 7));
  });

  it('refuses a short key', () => {
    const path = join(dir, 'pan.key');
    writeFileSync(path, Buffer.alloc(8), { mode: 0o600 });
    expect(() => loadOrCreatePanKey(path)).toThrow(/holds 8 bytes; it needs at least 32/);
  });
});
