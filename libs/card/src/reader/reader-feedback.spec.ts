import type { CommandApdu } from '../codec/apdu.codec';
import { toHex } from '../codec/hex';
import type { CardSession, TransmitOutcome } from '../session/card.session';
import { CardFault } from '../transport/card-transport';
import { ReaderFeedback } from './reader-feedback';

/** A session whose transmit does what the test says, and remembers the commands. */
function aSession(transmit: () => Promise<TransmitOutcome>) {
  const sent: CommandApdu[] = [];
  const session = {
    reader: 'ACS ACR122U PICC Interface 00 00',
    transmit: (command: CommandApdu) => {
      sent.push(command);
      return transmit();
    },
  } as unknown as CardSession;
  return { session, sent };
}

const answered = (sw: number): Promise<TransmitOutcome> =>
  Promise.resolve({
    ok: true,
    response: { data: new Uint8Array(), sw, sw1: sw >> 8, sw2: sw & 0xff },
    exchanges: 1,
  } as TransmitOutcome);

const bytesOf = (c: CommandApdu) =>
  toHex(Uint8Array.of(c.cla, c.ins, c.p1, c.p2, c.data?.length ?? 0, ...(c.data ?? [])));

describe('ReaderFeedback (ACR122U LED and buzzer pseudo-APDU)', () => {
  const feedback = new ReaderFeedback({ readerPattern: 'ACR122', timeoutMs: 50 });

  it('applies only to the readers its pattern names', () => {
    expect(feedback.appliesTo('ACS ACR122U PICC Interface 00 00')).toBe(true);
    expect(feedback.appliesTo('Virtual PCD 00 00')).toBe(false);
  });

  it('sends green-and-beep for a credential, red-and-two-beeps for a refusal', async () => {
    const { session, sent } = aSession(() => answered(0x9000));
    expect(await feedback.signal(session, true)).toEqual({ result: 'SW 9000' });
    expect(await feedback.signal(session, false)).toEqual({ result: 'SW 9000' });
    expect(sent.map(bytesOf)).toEqual(['FF0040A80401010101', 'FF0040540402010201']);
  });

  it('never rejects when the reader fails, and hands back the error whole for the log', async () => {
    const error = new Error('reader unplugged', { cause: new Error('SCardTransmit') });
    const { session } = aSession(() => Promise.reject(error));
    const outcome = await feedback.signal(session, true);
    expect(outcome).toEqual({ result: 'failed', err: error });
    expect(outcome.err).toBe(error);
  });

  it('hands back the fault of a transmit that failed', async () => {
    const fault = new CardFault('reader-removed', 'gone');
    const { session } = aSession(() =>
      Promise.resolve({ ok: false, problem: 'fault', fault, exchanges: 1 } as TransmitOutcome),
    );
    const outcome = await feedback.signal(session, false);
    expect(outcome).toEqual({ result: 'fault', err: fault });
    expect(outcome.err).toBe(fault);
  });

  it('never waits past its timeout for a reader that does not answer', async () => {
    const { session } = aSession(() => new Promise<TransmitOutcome>(() => undefined));
    const started = Date.now();
    await expect(feedback.signal(session, true)).resolves.toEqual({
      result: 'no answer within 50 ms',
    });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses a bad reader pattern at construction', () => {
    expect(() => new ReaderFeedback({ readerPattern: '/(/' })).toThrow(/feedback readerPattern/);
  });
});
