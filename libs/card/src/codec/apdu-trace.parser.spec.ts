import { parseApduTrace } from './apdu-trace.parser';
import { readTrace, traceNames } from '../../test-data/test-data';
import { toHex } from './hex';

describe('parseApduTrace', () => {
  it.each(traceNames())('parses test-data/traces/%s', (file) => {
    const parsed = parseApduTrace(readTrace(file));
    expect(parsed.ok).toBe(true);
  });

  it('reads commands, responses and faults', () => {
    const parsed = parseApduTrace(
      '# c\n> FF CA 00 00 00\n< 61 07\n\n> 00C0000007\n! card-removed\n',
    );
    if (!parsed.ok) throw new Error(parsed.problem);
    expect(
      parsed.value.map((s) => [toHex(s.command), 'fault' in s ? s.fault : toHex(s.response)]),
    ).toEqual([
      ['FFCA000000', '6107'],
      ['00C0000007', 'card-removed'],
    ]);
  });

  it.each([
    ['? 00', 'bad-line', 1],
    ['> 0G', 'not-hex', 1],
    ['< 9000', 'reply-without-command', 1],
    ['> 00\n> 00', 'missing-reply', 2],
    ['> 00', 'missing-reply', 1],
  ])('refuses %j with %s at line %d', (text, problem, at) => {
    expect(parseApduTrace(text)).toEqual({ ok: false, problem, at });
  });
});
