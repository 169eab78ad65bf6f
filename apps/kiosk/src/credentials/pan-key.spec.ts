import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreatePanKey, PAN_KEY_BYTES } from './pan-key';

describe('loadOrCreatePanKey', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'kiosk-pan-key-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('fsyncs the key file and then its directory, so the new name survives a power cut', () => {
    // Core modules are one object for the spec and the code under test: spy on its calls.
    const fs = jest.requireActual<typeof import('node:fs')>('node:fs');
    const realOpen = fs.openSync.bind(fs);
    const realFsync = fs.fsyncSync.bind(fs);
    const opened = new Map<number, string>();
    const open = jest.spyOn(fs, 'openSync').mockImplementation((...args) => {
      const fd = realOpen(...args);
      opened.set(fd, String(args[0]));
      return fd;
    });
    const synced: string[] = [];
    const fsync = jest.spyOn(fs, 'fsyncSync').mockImplementation((fd: number) => {
      synced.push(opened.get(fd) ?? `fd ${fd}`);
      realFsync(fd);
    });
    try {
      loadOrCreatePanKey(join(dir, 'keys', 'pan.key'));
    } finally {
      open.mockRestore();
      fsync.mockRestore();
    }
    expect(synced).toEqual([
      expect.stringMatching(/keys\/pan\.key\.\d+\.tmp$/), // the bytes, under the temporary name
      join(dir, 'keys'), // the directory, after the key was linked into it
    ]);
  });

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
