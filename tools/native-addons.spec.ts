import { resolve } from 'node:path';
import { checkNativeAddons, explainProbe, NATIVE_ADDONS, type NativeAddon } from './native-addons';

const root = resolve(__dirname, '..');
const addon: NativeAddon = { name: 'pcsclite', load: '' };

describe('explainProbe', () => {
  it('is silent for an addon that loaded', () => {
    expect(
      explainProbe(addon, { status: 0, signal: null, stderr: '' }, 'v24.22.3', '137'),
    ).toBeNull();
  });

  it("names both ABIs from Node's own message for an addon built for another Node", () => {
    // Node's message, as printed by process.dlopen for a nan addon of another ABI.
    const stderr =
      "Error: The module '/k/node_modules/pcsclite/build/Release/pcsclite.node'\n" +
      'was compiled against a different Node.js version using\n' +
      'NODE_MODULE_VERSION 115. This version of Node.js requires\n' +
      'NODE_MODULE_VERSION 147. Please try re-compiling or re-installing\n' +
      'the module (for instance, using `npm rebuild` or `npm install`).';
    const line = explainProbe(addon, { status: 1, signal: null, stderr }, 'v24.22.3', '137');
    expect(line).toContain('pcsclite: built for Node ABI 115, running Node.js v24.22.3 (ABI 137)');
    expect(line).toContain('npm rebuild');
  });

  it('explains "did not self-register" (what pcsclite says on an older Node)', () => {
    const stderr =
      "Error: Module did not self-register: '/k/node_modules/pcsclite/build/Release/pcsclite.node'.";
    expect(explainProbe(addon, { status: 1, signal: null, stderr }, 'v20.20.2', '115')).toMatch(
      /^pcsclite: "Module did not self-register": built for another Node\.js than Node\.js v20\.20\.2 \(ABI 115\)/,
    );
  });

  it('explains a crash while loading (what better-sqlite3 13 does on Node 20)', () => {
    const line = explainProbe(
      addon,
      { status: null, signal: 'SIGSEGV', stderr: '' },
      'v20.20.2',
      '115',
    );
    expect(line).toMatch(/killed Node\.js v20\.20\.2 \(ABI 115\) with SIGSEGV/);
  });

  it('tells a missing addon apart from a mismatched one', () => {
    const stderr = "Error: Cannot find module 'pcsclite'";
    expect(explainProbe(addon, { status: 1, signal: null, stderr }, 'v24.22.3', '137')).toMatch(
      /not installed.*npm ci/,
    );
  });

  it('quotes the error of any other failure', () => {
    const stderr = 'node:internal\n    at x\nTypeError: boom\n';
    expect(explainProbe(addon, { status: 1, signal: null, stderr }, 'v24.22.3', '137')).toBe(
      'pcsclite: failed to load on Node.js v24.22.3 (ABI 137): TypeError: boom',
    );
  });
});

describe('checkNativeAddons', () => {
  it("loads every native addon of the project on this node (the suite's own runtime)", () => {
    expect(NATIVE_ADDONS.map((a) => a.name)).toEqual([
      'better-sqlite3',
      'pcsclite',
      '@serialport/bindings-cpp',
    ]);
    expect(checkNativeAddons(root)).toEqual([]);
  });

  it('sees a load that crashes its process, and one that throws, in child processes', () => {
    const problems = checkNativeAddons(root, [
      { name: 'crashes', load: "process.kill(process.pid, 'SIGSEGV')" },
      { name: 'throws', load: 'throw new Error("Module did not self-register: \'/x.node\'.")' },
      { name: 'loads', load: "require('better-sqlite3')" },
    ]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^crashes: loading it killed Node\.js .* with SIGSEGV/);
    expect(problems[1]).toMatch(/^throws: "Module did not self-register"/);
  });
});
