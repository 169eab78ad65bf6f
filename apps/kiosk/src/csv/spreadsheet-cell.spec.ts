import fc from 'fast-check';
import { neutraliseCell, restoreCell } from './spreadsheet-cell';

describe('spreadsheet cells', () => {
  it.each([
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@cmd', "'@cmd"],
    ["'=x", "''=x"],
    ['Ada', 'Ada'],
    ["'quoted", "'quoted"],
    ['', ''],
  ])('writes %j as %j', (text, written) => {
    expect(neutraliseCell(text)).toBe(written);
    expect(restoreCell(written)).toBe(text);
  });

  it('never writes a cell that starts a formula, and reads back every text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (text) => {
        const written = neutraliseCell(text);
        expect(written).not.toMatch(/^[=+\-@]/);
        expect(restoreCell(written)).toBe(text);
      }),
    );
  });
});
