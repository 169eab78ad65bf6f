export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads KIOSK_* keys and collects every bad value as a problem (`KEY=value: what was expected`)
 * instead of throwing at the first, so an installer fixes the environment file in one pass.
 * Blank values count as unset.
 */
export class EnvReader {
  readonly problems: string[] = [];
  /** The KIOSK_* keys read that were set: what overrides the configuration file. */
  readonly used = new Set<string>();

  constructor(private readonly env: Env) {}

  optionalText(key: string): string | null {
    const value = this.env[key]?.trim();
    if (value === undefined || value === '') return null;
    this.used.add(key);
    return value;
  }

  text(key: string, fallback: string): string {
    return this.optionalText(key) ?? fallback;
  }

  int(key: string, fallback: number, min: number, max: number): number {
    const raw = this.optionalText(key);
    if (raw === null) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      return this.problem(key, raw, `expected a whole number from ${min} to ${max}`, fallback);
    }
    return value;
  }

  /** Hex digits (spaces and colons allowed between bytes) of exactly `bytes` bytes. */
  hex(key: string, fallback: string, bytes: number): string {
    const raw = this.optionalText(key);
    if (raw === null) return fallback;
    const digits = raw.replace(/[\s:]/g, '').toUpperCase();
    if (!/^[0-9A-F]*$/.test(digits) || digits.length !== bytes * 2) {
      return this.problem(key, raw, `expected ${bytes} byte(s) in hex`, fallback);
    }
    return digits;
  }

  bool(key: string, fallback: boolean): boolean {
    const raw = this.optionalText(key);
    if (raw === null) return fallback;
    if (raw === 'true') return true;
    if (raw === 'false') return false;
    return this.problem(key, raw, 'expected true or false', fallback);
  }

  oneOf<T extends string | number>(key: string, value: T, allowed: readonly T[]): T {
    if (!allowed.includes(value))
      this.problems.push(`${key}=${value}: expected one of ${allowed.join(', ')}`);
    return value;
  }

  problem<T>(key: string, raw: string, expected: string, fallback: T): T {
    // A value of kilobytes (a pasted regex) is named by its start: one problem, one line.
    const shown = raw.length > 80 ? `${raw.slice(0, 60)}… (${raw.length} characters)` : raw;
    this.problems.push(`${key}=${shown}: ${expected}`);
    return fallback;
  }
}
