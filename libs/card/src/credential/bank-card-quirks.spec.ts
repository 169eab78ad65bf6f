// Issue 20: real bank cards that leave the textbook, each replayed from its trace. The terminal
// data here differ from the traces' (another date, another unpredictable number): a GPO matches
// by CLA and INS, as a real card's answer does not depend on them for what these tests check.
import { readTrace } from '../../test-data/test-data';
import { hexBytes, toHex } from '../codec/hex';
import { CardSession } from '../session/card.session';
import { ScriptedCardTransport } from '../transport/scripted.transport';
import type { CredentialReadOutcome } from './credential';
import { DEFAULT_FALLBACK_AIDS, EmvPanReader } from './emv-pan.reader';

const READER = 'Test Reader 00 00';
const TERMINAL = { now: () => new Date(2026, 2, 4, 9, 30, 0), random: () => hexBytes('CAFEBABE') };

async function replay(name: string, contactless: boolean) {
  const transport = ScriptedCardTransport.fromTrace(readTrace(name), { anyGpoData: true });
  await transport.start(() => undefined);
  transport.attachReader(READER);
  transport.insertCard(READER, hexBytes('3B 80 80 01 01'));
  const session = new CardSession(await transport.connect(READER));
  const outcome = await new EmvPanReader({ terminal: TERMINAL }).read(session, { contactless });
  return { transport, outcome, gpoData: gpoCommands(transport.sent) };
}

/** The data field of each GET PROCESSING OPTIONS sent (hex, Lc excluded). */
const gpoCommands = (sent: readonly Uint8Array[]): string[] =>
  sent
    .filter((c) => c[0] === 0x80 && c[1] === 0xa8)
    .map((c) => toHex(c.subarray(5, 5 + (c[4] ?? 0))));

function expectPan(outcome: CredentialReadOutcome, digits: string): void {
  expect(outcome).toMatchObject({ ok: true, method: 'emv', credential: { kind: 'pan' } });
  if (!outcome.ok || outcome.credential.kind !== 'pan') return;
  expect(outcome.credential.pan.matches(digits)).toBe(true);
}

describe('EmvPanReader on the bank cards of issue 20', () => {
  it('GPO refused with 67 00: asked once more with an empty PDOL (83 00), then read', async () => {
    const { transport, outcome, gpoData } = await replay('emv-gpo-retry-empty-pdol.apdu', true);
    expectPan(outcome, '5555555555554444');
    expect(gpoData).toHaveLength(2);
    expect(gpoData[0]).toMatch(/^8313/);
    expect(gpoData[1]).toBe('8300');
    transport.assertDone();
  });

  it('SELECT answered with the warning 62 85: its FCI is processed', async () => {
    const { transport, outcome } = await replay('emv-select-warning-6285.apdu', true);
    expectPan(outcome, '4012888888881881');
    transport.assertDone();
  });

  it('GPO answered in the template 70 (Interac): AIP and AFL read as format 2', async () => {
    const { transport, outcome } = await replay('emv-gpo-template-70.apdu', true);
    expectPan(outcome, '4761739001010010');
    transport.assertDone();
  });

  it("the PAN in Mastercard's Track 2 Data (9F6B) only", async () => {
    const { transport, outcome } = await replay('emv-mastercard-track2-9f6b.apdu', true);
    expectPan(outcome, '5413330089600010');
    transport.assertDone();
  });

  it("the PAN in Mastercard's Track 1 Data (56) only: before the first ^", async () => {
    const { transport, outcome } = await replay('emv-mastercard-track1-56.apdu', true);
    expectPan(outcome, '5555555555554444');
    transport.assertDone();
  });

  it('two different PANs on one card (5A and 57): refused as inconsistent', async () => {
    const { transport, outcome } = await replay('emv-pan-inconsistent.apdu', true);
    expect(outcome).toMatchObject({
      ok: false,
      reason: 'no-credential',
      detail: 'A0000000041010: PAN inconsistent: tag-5a and track2-57 differ',
    });
    transport.assertDone();
  });

  it('contact PSE listing only what the card lacks: the list of AIDs, Cartes Bancaires', async () => {
    const { transport, outcome } = await replay(
      'emv-contact-pse-stale-cartes-bancaires.apdu',
      false,
    );
    expectPan(outcome, '4012888888881881');
    transport.assertDone();
  });

  it('a GeldKarte with no payment application: no-pan-card, with the scheme named', async () => {
    const { transport, outcome } = await replay('geldkarte-no-pan.apdu', false);
    expect(outcome).toMatchObject({
      ok: false,
      reason: 'no-pan-card',
      detail: 'D27600002545500100: GeldKarte, a stored-value scheme with no PAN',
    });
    transport.assertDone();
  });

  it('a card it cannot read is described: AIDs offered, each step and its status word', async () => {
    const { outcome } = await replay('geldkarte-no-pan.apdu', false);
    expect(outcome.ok || outcome.diagnosis).toEqual({
      aidsOffered: ['D27600002545500100'],
      steps: [
        'SELECT 1PAY.SYS.DDF01: 9000',
        'READ RECORD 1 of SFI 1: 9000',
        'READ RECORD 2 of SFI 1: 6A83',
        'SELECT D27600002545500100: 9000',
        'GET PROCESSING OPTIONS: 6D00',
      ],
    });
  });
});

describe('DEFAULT_FALLBACK_AIDS', () => {
  it('keeps the seven it had first, in their order, then the other schemes', () => {
    expect(DEFAULT_FALLBACK_AIDS.slice(0, 7)).toEqual([
      'A0000000031010',
      'A0000000032010',
      'A0000000032020',
      'A0000000041010',
      'A0000000043060',
      'A00000002501',
      'A0000000651010',
    ]);
    for (const aid of [
      'A0000000421010',
      'A0000003591010028001',
      'A0000002771010',
      'A0000001523010',
      'A000000333010101',
    ])
      expect(DEFAULT_FALLBACK_AIDS).toContain(aid);
    expect(new Set(DEFAULT_FALLBACK_AIDS).size).toBe(DEFAULT_FALLBACK_AIDS.length);
  });
});
