/**
 * CSV injection (OWASP): a cell that starts with `=`, `+`, `-` or `@` is run as a formula by a
 * spreadsheet. Such a cell is written with a leading `'` (which spreadsheets show as text), and
 * read back without it, so a file's round trip keeps the text; a text that already starts with
 * apostrophes before such a character gets one more, so that it survives too.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;

export const neutraliseCell = (text: string): string =>
  FORMULA_START.test(text) ? `'${text}` : text;

export const restoreCell = (text: string): string =>
  /^'+[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
