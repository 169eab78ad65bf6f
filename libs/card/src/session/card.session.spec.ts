import { readTrace as trace } from '../../test-data/test-data';
import type { CommandApdu } from '../codec/apdu.codec';
import { hexBytes, toHex } from '../codec/hex';
import { ScriptedCardTransport } from '../transport/scripted.transport';
import { CardSession, defaultGetResponseCla, type CardSessionOptions } from './card.session';

const READER = 'Test Reader 00 00';
// PC/SC Part 3 GET DATA (UID), as the traces hold it; spelled out here because session/ (even
// its specs) imports nothing from credential/, the layer above it.
const GET_DATA_UID: Readonly<CommandApdu> = {
  cla: 0xff,
  ins: 0xca,
  p1: 0x00,
  p2: 0x00,
  data: new Uint8Array(0),
  ne: 256,
};

async function sessionOn(
  transport: ScriptedCardTransport,
  options?: CardSessionOptions,
): Promise<CardSession> {
  await transport.start(() => undefined);
  transport.attachReader(READER);
  transport.insertCard(READER, hexBytes('3B8F8001804F0CA0000003060300030000000068'));
  return new CardSession(await transport.connect(READER), options);
}

const script = (...pairs: [string, string][]): ScriptedCardTransport =>
  new ScriptedCardTransport(
    pairs.map(([c, r]) => ({ command: hexBytes(c), response: hexBytes(r) })),
  );

describe('CardSession T=0 response rules', () => {
  it('fetches 61xx bytes with GET RESPONSE', async () => {
    const transport = ScriptedCardTransport.fromTrace(trace('uid-t0-61xx.apdu'));
    const outcome = await (await sessionOn(transport)).transmit({ ...GET_DATA_UID });
    expect(outcome).toMatchObject({ ok: true, exchanges: 2, response: { sw: 0x9000 } });
    if (outcome.ok) expect(toHex(outcome.response.data)).toBe('04A224E2C35E80');
    transport.assertDone();
  });

  it('concatenates data over several 61xx rounds; 61 00 asks for 256', async () => {
    const transport = script(
      ['80A8000002830000', 'AA BB 61 00'],
      ['00C0000000', 'CC 61 02'],
      ['00C0000002', 'DD EE 90 00'],
    );
    const session = await sessionOn(transport);
    const outcome = await session.transmit({
      cla: 0x80,
      ins: 0xa8,
      p1: 0,
      p2: 0,
      data: hexBytes('8300'),
      ne: 256,
    });
    expect(outcome.ok && toHex(outcome.response.data)).toBe('AABBCCDDEE');
    transport.assertDone();
  });

  it('resends with Le = xx after 6Cxx', async () => {
    const transport = ScriptedCardTransport.fromTrace(trace('uid-t0-6cxx.apdu'));
    const outcome = await (await sessionOn(transport)).transmit({ ...GET_DATA_UID });
    expect(outcome).toMatchObject({ ok: true, exchanges: 2 });
    if (outcome.ok) expect(toHex(outcome.response.data)).toBe('DEADBEEF');
    transport.assertDone();
  });

  it('resends after 6Cxx only once: a second 6Cxx is the answer', async () => {
    const transport = script(['FFCA000000', '6C04'], ['FFCA000004', '6C05']);
    const outcome = await (await sessionOn(transport)).transmit({ ...GET_DATA_UID });
    expect(outcome).toMatchObject({ ok: true, exchanges: 2, response: { sw: 0x6c05 } });
    transport.assertDone();
  });

  it('bounds GET RESPONSE rounds', async () => {
    const transport = script(
      ['00B0000010', '6101'],
      ['00C0000001', '01 6101'],
      ['00C0000001', '02 6101'],
    );
    const session = await sessionOn(transport, { maxGetResponse: 2 });
    const outcome = await session.transmit({
      cla: 0,
      ins: 0xb0,
      p1: 0,
      p2: 0,
      data: new Uint8Array(),
      ne: 16,
    });
    expect(outcome).toMatchObject({ ok: false, problem: 'too-many-exchanges', exchanges: 3 });
    transport.assertDone();
  });

  it('turns a fault into an outcome', async () => {
    const transport = ScriptedCardTransport.fromTrace(trace('card-pulled-mid-read.apdu'));
    const outcome = await (await sessionOn(transport)).transmit({ ...GET_DATA_UID });
    expect(outcome).toMatchObject({ ok: false, problem: 'fault', fault: { code: 'card-removed' } });
  });

  it('reports a response shorter than SW1 SW2', async () => {
    const transport = script(['FFCA000000', '90']);
    const outcome = await (await sessionOn(transport)).transmit({ ...GET_DATA_UID });
    expect(outcome).toMatchObject({ ok: false, problem: 'malformed-response', exchanges: 1 });
  });

  it('sends nothing for a command it cannot encode', async () => {
    const transport = script();
    const outcome = await (await sessionOn(transport)).transmit({ ...GET_DATA_UID, ne: 0 });
    expect(outcome).toMatchObject({ ok: false, problem: 'bad-command', exchanges: 0 });
    expect(transport.sent).toHaveLength(0);
  });

  it('keeps the logical channel in GET RESPONSE of an interindustry class, 00 otherwise', () => {
    expect(defaultGetResponseCla(0x00)).toBe(0x00);
    expect(defaultGetResponseCla(0x03)).toBe(0x03);
    expect(defaultGetResponseCla(0x0c)).toBe(0x00);
    expect(defaultGetResponseCla(0x80)).toBe(0x00);
    expect(defaultGetResponseCla(0xff)).toBe(0x00);
  });

  it('a mismatch against the script is recorded', async () => {
    const transport = script(['FFCA000000', '9000']);
    await (await sessionOn(transport)).transmit({ ...GET_DATA_UID, p1: 1 });
    expect(() => transport.assertDone()).toThrow('sent FF CA 01 00 00, expected FF CA 00 00 00');
  });
});
