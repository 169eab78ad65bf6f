// Issue 20: the bank cards that leave the textbook, each as a virtual card on pcscd + vpcd, read
// by the installer's `kiosk card read` as built. Each prints its PAN masked; the card with two
// different PANs and the GeldKarte are refused, each with its reason and what to send in.
import { spawn } from 'node:child_process';
import { profileByName, type ProfileName } from '@kiosk/card/virtual';
import { PcscdProcess } from './harness/pcscd.process';
import { requireSystemTools } from './harness/system-tools';

jest.setTimeout(120_000);

const VPCD_PORT = 0x9e30;
const CLI = 'dist/apps/kiosk/src/cli.js';

describe('kiosk card read on the bank cards of issue 20', () => {
  let pcscd: PcscdProcess;

  beforeAll(async () => {
    requireSystemTools();
    pcscd = new PcscdProcess(VPCD_PORT);
    await pcscd.start();
  });
  afterAll(() => pcscd?.dispose());

  /** `kiosk card read` with the card lying on reader 0 for the whole command. */
  async function cardRead(name: ProfileName, json: boolean) {
    let stdout = '';
    const code = await pcscd.present(profileByName({ name }), () => {
      const args = [CLI, 'card', 'read', '--reader', '00 00', '--timeout', '20'];
      const child = spawn(process.execPath, json ? [...args, '--json'] : args, {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      return new Promise<number | null>((resolve) => child.once('exit', resolve));
    });
    return { code, stdout };
  }

  it.each([
    ['emv-gpo-retry', '5555555555554444'],
    ['emv-select-warning', '4012888888881881'],
    ['emv-gpo-template-70', '4761739001010010'],
    ['emv-track2-9f6b', '5413330089600010'],
    ['emv-track1-56', '5555555555554444'],
    ['emv-stale-pse', '4012888888881881'],
  ] as const)('%s: the masked PAN', async (name, pan) => {
    const { code, stdout } = await cardRead(name, false);
    expect(code).toBe(0);
    expect(stdout).toContain(`PAN:     **** **** **** ${pan.slice(-4)} (by emv)`);
    expect(stdout).not.toContain(pan);
  });

  it('emv-pan-inconsistent: refused as inconsistent, with its steps, no PAN', async () => {
    const { code, stdout } = await cardRead('emv-pan-inconsistent', true);
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/5413330089600010|5555555555554444/);
    expect(JSON.parse(stdout)).toMatchObject({
      outcome: {
        ok: false,
        reason: 'no-credential',
        detail: expect.stringContaining('PAN inconsistent: tag-5a and track2-57 differ') as unknown,
        diagnosis: { aidsOffered: ['A0000000041010'] },
      },
    });
  });

  it('geldkarte: no-pan-card, named, with the AIDs offered and each status word', async () => {
    const { code, stdout } = await cardRead('geldkarte', false);
    expect(code).toBe(0);
    expect(stdout).toContain('refused: no-pan-card');
    expect(stdout).toContain('GeldKarte, a stored-value scheme with no PAN');
    expect(stdout).toContain('AIDs:    D27600002545500100');
    expect(stdout).toContain('  GET PROCESSING OPTIONS: 6D00');
  });
});
