import type { OsdpTextOutput } from '../osdp/osdp-command.codec';
import type { LcdLines } from '../link/lcd-text';

const ROWS = 2;

/**
 * A 2-line character display under OSDP v2.2 osdp_TEXT rules: row and column are 1-based; "no
 * wrap" text stops at the end of the row, "wrap" text continues on the next one. Temporary text
 * shows for its time, then the permanent text comes back.
 */
export class SimulatedLcd {
  private permanent: string[];
  private temporary: { rows: string[]; timer: NodeJS.Timeout } | null = null;

  constructor(
    private readonly columns: number,
    private readonly onChange: (lines: LcdLines) => void,
  ) {
    this.permanent = this.blank();
  }

  lines(): LcdLines {
    const rows = this.temporary?.rows ?? this.permanent;
    return [rows[0] ?? '', rows[1] ?? ''];
  }

  /** True when the text starts inside the display. */
  accepts(t: OsdpTextOutput): boolean {
    return t.row >= 1 && t.row <= ROWS && t.column >= 1 && t.column <= this.columns;
  }

  apply(t: OsdpTextOutput): void {
    const wrap = t.command === 'permanent-wrap' || t.command === 'temporary-wrap';
    if (t.command === 'permanent-no-wrap' || t.command === 'permanent-wrap') {
      this.permanent = this.write(this.permanent, t, wrap);
      if (!this.temporary) this.onChange(this.lines());
      return;
    }
    const base = this.temporary?.rows ?? this.permanent;
    if (this.temporary) clearTimeout(this.temporary.timer);
    const timer = setTimeout(
      () => {
        this.temporary = null;
        this.onChange(this.lines());
      },
      Math.max(1, t.temporarySeconds) * 1000,
    );
    this.temporary = { rows: this.write(base, t, wrap), timer };
    this.onChange(this.lines());
  }

  dispose(): void {
    if (this.temporary) clearTimeout(this.temporary.timer);
    this.temporary = null;
  }

  reset(): void {
    this.dispose();
    this.permanent = this.blank();
    this.onChange(this.lines());
  }

  private write(rows: readonly string[], t: OsdpTextOutput, wrap: boolean): string[] {
    const cells = rows.map((r) => Array.from(r));
    let row = t.row - 1;
    let col = t.column - 1;
    for (const ch of t.text) {
      if (col >= this.columns) {
        if (!wrap || row + 1 >= ROWS) break;
        row += 1;
        col = 0;
      }
      const line = cells[row];
      if (!line) break;
      line[col] = ch;
      col += 1;
    }
    return cells.map((c) => c.join(''));
  }

  private blank(): string[] {
    return Array.from({ length: ROWS }, () => ' '.repeat(this.columns));
  }
}
