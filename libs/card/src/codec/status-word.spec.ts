import fc from 'fast-check';
import { describeStatusWord, statusWordCategory } from './status-word';

describe('describeStatusWord (ISO/IEC 7816-4)', () => {
  it.each([
    [0x9000, 'normal', 'normal processing, no further qualification', undefined],
    [0x6110, 'normal', '16 response bytes still available (GET RESPONSE)', 16],
    [0x6100, 'normal', '256 response bytes still available (GET RESPONSE)', 256],
    [0x6c07, 'checking-error', 'wrong Le field; resend with Ne = 7', 7],
    [0x6700, 'checking-error', 'wrong length', undefined],
    [0x6a81, 'checking-error', 'function not supported', undefined],
    [0x6a82, 'checking-error', 'file or application not found', undefined],
    [0x6d00, 'checking-error', 'instruction code not supported or invalid', undefined],
    [0x6e00, 'checking-error', 'class not supported', undefined],
    [0x6f00, 'checking-error', 'no precise diagnosis', undefined],
    [0x6282, 'warning', 'end of file or record reached before reading Ne bytes', undefined],
    [0x63c2, 'warning', 'verification failed, 2 tries left', 2],
    [0x6581, 'execution-error', 'memory failure', undefined],
    [0x6999, 'checking-error', 'command not allowed', undefined],
    [0x6800, 'checking-error', 'functions in CLA not supported', undefined],
    [0x6881, 'checking-error', 'logical channel not supported', undefined],
    [0x6882, 'checking-error', 'secure messaging not supported', undefined],
    [0x6982, 'checking-error', 'security status not satisfied', undefined],
    [0x6983, 'checking-error', 'authentication method blocked', undefined],
    [0x6985, 'checking-error', 'conditions of use not satisfied', undefined],
    [0x6986, 'checking-error', 'command not allowed (no current EF)', undefined],
    [0x6a80, 'checking-error', 'incorrect parameters in the command data field', undefined],
    [0x6a86, 'checking-error', 'incorrect parameters P1-P2', undefined],
    [0x6a88, 'checking-error', 'referenced data or reference data not found', undefined],
    [0x6b00, 'checking-error', 'wrong parameters P1-P2', undefined],
    [
      0x6300,
      'warning',
      'warning, state of non-volatile memory changed (for example verification failed)',
      undefined,
    ],
    [0x6310, 'warning', 'warning, state of non-volatile memory changed', undefined],
    [0x6201, 'warning', 'warning, state of non-volatile memory unchanged', undefined],
    [0x6899, 'checking-error', 'functions in CLA not supported', undefined],
    [0x6f12, 'checking-error', 'checking error', undefined],
    [0x1234, 'unknown', 'not an ISO/IEC 7816-4 interindustry status word', undefined],
  ])('%s', (sw, category, meaning, count) => {
    const d = describeStatusWord(sw);
    expect(d).toMatchObject({ sw, category, meaning });
    expect(d.count).toBe(count);
    expect(d.hex).toBe(sw.toString(16).toUpperCase().padStart(4, '0'));
  });

  it('never throws and always has a meaning', () => {
    fc.assert(
      fc.property(fc.integer(), (sw) => {
        const d = describeStatusWord(sw);
        return (
          d.meaning.length > 0 && d.hex.length === 4 && d.category === statusWordCategory(d.sw)
        );
      }),
    );
  });
});
