import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isOnPinnedLine, readPinnedNode } from './node-runtime';

const root = resolve(__dirname, '..');
const pinned = readPinnedNode(root);

describe('the Node.js runtime', () => {
  it(`runs the suite on the pinned line: Node.js ${process.version}, pinned ${pinned.version} (.nvmrc)`, () => {
    expect(process.versions.node.split('.')[0]).toBe(String(pinned.major));
    expect(isOnPinnedLine(process.version, pinned)).toBe(true);
  });

  it('declares the same line in package.json engines', () => {
    const engines = (
      JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
        engines: { node: string };
      }
    ).engines.node;
    expect(engines).toBe(`>=${pinned.version} <${pinned.major + 1}`);
  });

  it('tells other lines apart', () => {
    expect(isOnPinnedLine('v20.20.2', pinned)).toBe(false);
    expect(isOnPinnedLine(`v${pinned.major + 1}.0.0`, pinned)).toBe(false);
    expect(isOnPinnedLine(`v${pinned.major}.0.0`, pinned)).toBe(true);
  });
});
