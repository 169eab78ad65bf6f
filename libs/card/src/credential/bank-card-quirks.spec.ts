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

  it('a card refusing GPO in every application: refused, with the AIDs and each status word', async () => {
    const { transport, outcome } = await replay('emv-unreadable-gpo-refused.apdu', true);
    expect(outcome).toEqual({
      ok: false,
      reason: 'no-credential',
      detail: 'GET PROCESSING OPTIONS: 6985 conditions of use not satisfied',
      diagnosis: {
        aidsOffered: ['A0000000031010', 'A0000000041010'],
        steps: [
          'SELECT 2PAY.SYS.DDF01: 9000',
          'SELECT A0000000031010: 9000',
          'GET PROCESSING OPTIONS: 6985',
          'GET PROCESSING OPTIONS (empty PDOL): 6985',
          'SELECT A0000000041010: 9000',
          'GET PROCESSING OPTIONS: 6985',
          'GET PROCESSING OPTIONS (empty PDOL): 6985',
        ],
      },
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

/** A reader on inline steps (command hex, response hex): the edges the traces do not show. */
async function readSteps(steps: Array<[string, string]>, contactless: boolean) {
  const transport = new ScriptedCardTransport(
    steps.map(([command, response]) => ({
      command: hexBytes(command),
      response: hexBytes(response),
    })),
    { anyGpoData: true },
  );
  await transport.start(() => undefined);
  transport.attachReader(READER);
  transport.insertCard(READER, hexBytes('3B 80 80 01 01'));
  const session = new CardSession(await transport.connect(READER));
  const reader = new EmvPanReader({ terminal: TERMINAL, fallbackAids: ['A0000000031010'] });
  const outcome = await reader.read(session, { contactless });
  return { transport, outcome };
}

const SELECT_PSE = '00 A4 04 00 0E 31 50 41 59 2E 53 59 53 2E 44 44 46 30 31 00';
const SELECT_VISA = '00 A4 04 00 07 A0 00 00 00 03 10 10 00';
const VISA_FCI_WITH_PDOL = '6F 11 84 07 A0 00 00 00 03 10 10 A5 06 9F 38 03 9F 66 04 90 00';
const VISA_FCI = '6F 09 84 07 A0 00 00 00 03 10 10 90 00';
const GPO_ANY = '80 A8 00 00 06 83 04 00 00 00 00 00';
const GPO_EMPTY = '80 A8 00 00 02 83 00 00';

describe('EmvPanReader, the edges of the issue 20 changes', () => {
  it('a blocked PSE (62 83) is no directory: the list of AIDs (EMV Book 1 §12.3.2)', async () => {
    const { transport, outcome } = await readSteps(
      [
        [SELECT_PSE, '6F 15 84 0E 31 50 41 59 2E 53 59 53 2E 44 44 46 30 31 A5 03 88 01 01 62 83'],
        [SELECT_VISA, VISA_FCI],
        [GPO_EMPTY, '80 06 1C 00 10 01 01 00 90 00'],
        ['00 B2 01 14 00', '70 0A 5A 08 47 61 73 90 01 01 00 10 90 00'],
      ],
      false,
    );
    expectPan(outcome, '4761739001010010');
    transport.assertDone();
  });

  it('a card pulled while its PSE application is selected is not sent the list of AIDs', async () => {
    const transport = new ScriptedCardTransport([
      {
        command: hexBytes(SELECT_PSE),
        response: hexBytes(
          '6F 15 84 0E 31 50 41 59 2E 53 59 53 2E 44 44 46 30 31 A5 03 88 01 01 90 00',
        ),
      },
      {
        command: hexBytes('00 B2 01 0C 00'),
        response: hexBytes(
          '70 14 61 12 4F 07 A0 00 00 00 03 10 10 50 04 56 49 53 41 87 01 01 90 00',
        ),
      },
      { command: hexBytes('00 B2 02 0C 00'), response: hexBytes('6A 83') },
      { command: hexBytes(SELECT_VISA), fault: 'card-removed' },
    ]);
    await transport.start(() => undefined);
    transport.attachReader(READER);
    transport.insertCard(READER, hexBytes('3B 80 80 01 01'));
    const session = new CardSession(await transport.connect(READER));
    const outcome = await new EmvPanReader({ terminal: TERMINAL }).read(session, {
      contactless: false,
    });
    expect(outcome).toMatchObject({ ok: false, reason: 'card-removed' });
    transport.assertDone();
  });

  it('a card with no SELECT by name (6E 00 at the PSE) is tried with no AID', async () => {
    const { transport, outcome } = await readSteps([[SELECT_PSE, '6E 00']], false);
    expect(outcome).toMatchObject({
      ok: false,
      reason: 'no-credential',
      detail: 'no EMV application (no SELECT by name at PSE)',
    });
    transport.assertDone();
  });

  it('GPO is asked again once only: refused twice, the application is refused', async () => {
    const { transport, outcome } = await readSteps(
      [
        [SELECT_PSE, '6A 82'],
        [SELECT_VISA, VISA_FCI_WITH_PDOL],
        [GPO_ANY, '69 85'],
        [GPO_EMPTY, '67 00'],
      ],
      false,
    );
    expect(outcome).toMatchObject({
      ok: false,
      reason: 'no-credential',
      detail: 'GET PROCESSING OPTIONS: 6700 wrong length',
    });
    transport.assertDone();
  });

  it('an empty PDOL refused is not asked again', async () => {
    const { transport, outcome } = await readSteps(
      [
        [SELECT_PSE, '6A 82'],
        [SELECT_VISA, VISA_FCI],
        [GPO_EMPTY, '69 85'],
      ],
      false,
    );
    expect(outcome).toMatchObject({ ok: false, reason: 'no-credential' });
    expect(gpoCommands(transport.sent)).toEqual(['8300']);
    transport.assertDone();
  });

  it('a card number of the wrong length (10 digits) is no-pan-card', async () => {
    const { transport, outcome } = await readSteps(
      [
        [SELECT_PSE, '6A 82'],
        [SELECT_VISA, VISA_FCI],
        [GPO_EMPTY, '77 12 82 02 00 00 94 00 5A 05 12 34 56 78 97 9F 36 02 00 01 90 00'],
      ],
      false,
    );
    expect(outcome).toMatchObject({
      ok: false,
      reason: 'no-pan-card',
      detail: 'A0000000031010: card number from tag-5a has 10 digits, a PAN 12-19',
    });
    transport.assertDone();
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
