/** The two lines of a character LCD, each exactly `columns` characters. */
export type LcdLines = readonly [string, string];

export interface LcdFitOptions {
  /** Characters per line; 16 for the kiosk's 2x16 display. */
  columns?: number;
  align?: 'left' | 'center';
}

// The HD44780 character ROM (A00) that 2x16 displays carry matches ASCII from 0x20 to 0x7D,
// except 0x5C (a yen sign there); 0x7E and 0x7F are arrows.
function isDisplayable(c: number): boolean {
  return c >= 0x20 && c <= 0x7d && c !== 0x5c;
}

// Letters that Unicode compatibility decomposition does not reduce to ASCII, and common typography.
const SPELLINGS: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  þ: 'th',
  Þ: 'Th',
  ı: 'i',
  '‘': "'",
  '’': "'",
  '‚': "'",
  '‛': "'",
  '“': '"',
  '”': '"',
  '„': '"',
  '–': '-',
  '—': '-',
  '―': '-',
  '…': '...',
  '€': 'EUR',
  '\\': '/',
  '~': '-',
  '•': '*',
  '×': 'x',
  '«': '"',
  '»': '"',
};

/**
 * Fits text to a 2-line character display: one string (lines split at '\n') or up to two lines in,
 * exactly two lines of `columns` characters out. Each line is spelled in the display's character
 * set (accents dropped, a few letters spelled out, anything else becomes '?'), whitespace is
 * trimmed and collapsed, then the line is cut to the width and padded with spaces.
 */
export function fitLcdText(
  text: string | readonly string[],
  options: LcdFitOptions = {},
): LcdLines {
  const columns = Math.max(1, Math.floor(options.columns ?? 16));
  const lines = typeof text === 'string' ? text.split('\n') : text;
  const fit = (line: string | undefined): string =>
    fitLine(line ?? '', columns, options.align ?? 'left');
  return [fit(lines[0]), fit(lines[1])];
}

function fitLine(line: string, columns: number, align: 'left' | 'center'): string {
  const spelled = Array.from(line, (ch) => SPELLINGS[ch] ?? ch)
    .join('')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[\s\p{Cc}\p{Z}]+/gu, ' ')
    .trim();
  const shown = Array.from(spelled, (ch) => (isDisplayable(ch.codePointAt(0) ?? 0) ? ch : '?'))
    .join('')
    .slice(0, columns)
    .trimEnd();
  const left = align === 'center' ? Math.floor((columns - shown.length) / 2) : 0;
  return (' '.repeat(left) + shown).padEnd(columns, ' ');
}
