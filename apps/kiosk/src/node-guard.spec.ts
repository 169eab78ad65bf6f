import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { judgeNode, SUPPORTED_NODE_MAJOR } from './node-guard';

describe('node-guard', () => {
  it('names the same line as .nvmrc', () => {
    const pinned = readFileSync(resolve(__dirname, '../../../.nvmrc'), 'utf8').trim();
    expect(`${SUPPORTED_NODE_MAJOR}`).toBe(pinned.split('.')[0]);
  });

  it('accepts the supported line', () => {
    expect(judgeNode(`v${SUPPORTED_NODE_MAJOR}.0.0`, '/n')).toEqual({ ok: true });
    expect(judgeNode(process.version, process.execPath)).toEqual({ ok: true });
  });

  it('refuses an older Node.js, naming it and the way to the right one', () => {
    expect(judgeNode('v20.20.2', '/usr/bin/node')).toEqual({
      ok: false,
      error: expect.stringMatching(
        /^kiosk: needs Node\.js \d+\.x; this is v20\.20\.2 \(\/usr\/bin\/node\): .*source scripts\/env\.sh/,
      ),
    });
  });

  it('refuses a newer line unless asked to run on it, then warns about its addons', () => {
    const newer = `v${SUPPORTED_NODE_MAJOR + 2}.4.0`;
    expect(judgeNode(newer, '/n')).toEqual({
      ok: false,
      error: expect.stringMatching(
        /tested on Node\.js \d+\.x only; this is v\d+\.4\.0 \(\/n\).*KIOSK_UNTESTED_NODE=1/,
      ),
    });
    expect(judgeNode(newer, '/n', true)).toEqual({
      ok: true,
      warning: expect.stringContaining('npm rebuild'),
    });
  });
});
