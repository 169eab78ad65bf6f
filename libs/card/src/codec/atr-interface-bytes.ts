import type { Atr } from './atr.parser';

/** One interface byte, named as ISO/IEC 7816-3 names it (TA1, TD2 …), and what it says. */
export interface InterfaceByteReport {
  name: string;
  /** Two upper-case hex digits. */
  value: string;
  meaning: string;
}

/** ISO/IEC 7816-3:2006 §8.3, TA1: clock rate conversion Fi (with f max) and baud rate adjustment Di. */
const FI: ReadonlyArray<[number, number] | undefined> = [
  [372, 4],
  [372, 5],
  [558, 6],
  [744, 8],
  [1116, 12],
  [1488, 16],
  [1860, 20],
  undefined,
  undefined,
  [512, 5],
  [768, 7.5],
  [1024, 10],
  [1536, 15],
  [2048, 20],
  undefined,
  undefined,
];
const DI: ReadonlyArray<number | undefined> = [
  undefined,
  1,
  2,
  4,
  8,
  16,
  32,
  64,
  12,
  20,
  undefined,
  undefined,
  undefined,
  undefined,
  undefined,
  undefined,
];

export interface TransmissionParameters {
  /** From TA1, or the defaults Fi 372, Di 1, f max 5 MHz when TA1 is absent. */
  fi?: number;
  di?: number;
  fMaxMHz?: number;
  /** TC1: N, extra guard time in etu (255: the minimum guard time); 0 when TC1 is absent. */
  extraGuardTimeEtu: number;
}

export function transmissionParameters(atr: Atr): TransmissionParameters {
  const ta1 = atr.interfaceBytes[0]?.ta;
  const tc1 = atr.interfaceBytes[0]?.tc ?? 0;
  if (ta1 === undefined) return { fi: 372, di: 1, fMaxMHz: 5, extraGuardTimeEtu: tc1 };
  const f = FI[ta1 >> 4];
  const d = DI[ta1 & 0x0f];
  return { fi: f?.[0], fMaxMHz: f?.[1], di: d, extraGuardTimeEtu: tc1 };
}

const hex2 = (b: number): string => b.toString(16).toUpperCase().padStart(2, '0');

/** Every interface byte with its meaning, in ATR order. */
export function describeInterfaceBytes(atr: Atr): InterfaceByteReport[] {
  const out: InterfaceByteReport[] = [];
  atr.interfaceBytes.forEach((group, i) => {
    const n = i + 1;
    // Groups 3 and up belong to the protocol the previous TD named (ISO/IEC 7816-3:2006 §8.2.3).
    const t = i >= 2 ? (atr.interfaceBytes[i - 1]?.td ?? 0) & 0x0f : undefined;
    const firstForT =
      t !== undefined &&
      !atr.interfaceBytes.slice(1, i - 1).some((g) => ((g.td ?? 0) & 0x0f) === t);
    for (const key of ['ta', 'tb', 'tc', 'td'] as const) {
      const b = group[key];
      if (b === undefined) continue;
      const name = `${key.toUpperCase()}${n}`;
      out.push({ name, value: hex2(b), meaning: meaningOf(key, n, b, t, firstForT) });
    }
  });
  return out;
}

function meaningOf(
  key: 'ta' | 'tb' | 'tc' | 'td',
  n: number,
  b: number,
  t: number | undefined,
  first: boolean,
): string {
  if (key === 'td') return tdMeaning(b);
  if (n === 1) return globalMeaning1(key, b);
  if (n === 2) return globalMeaning2(key, b);
  if (t === 15) return t15Meaning(key, b, first);
  if (t === 1) return t1Meaning(key, b);
  return `specific to T=${t ?? 0}`;
}

function tdMeaning(b: number): string {
  const y = b >> 4;
  const next = ['TA', 'TB', 'TC', 'TD'].filter((_, i) => (y & (1 << i)) !== 0);
  const t = b & 0x0f;
  const what = t === 15 ? 'T=15: global interface bytes follow' : `protocol T=${t}`;
  return `${what}; next: ${next.length > 0 ? next.join(' ') : 'no more interface bytes'}`;
}

function globalMeaning1(key: 'ta' | 'tb' | 'tc', b: number): string {
  if (key === 'ta') {
    const f = FI[b >> 4];
    const d = DI[b & 0x0f];
    const fi = f ? `Fi=${f[0]} (f max ${f[1]} MHz)` : `Fi reserved (${hex2(b >> 4)})`;
    return `${fi}, ${d ? `Di=${d}` : `Di reserved (${b & 0x0f})`}`;
  }
  if (key === 'tb') return 'VPP programming voltage (deprecated; ignored)';
  return b === 255
    ? 'extra guard time: minimum (12 etu T=0, 11 etu T=1)'
    : `extra guard time N=${b} etu`;
}

function globalMeaning2(key: 'ta' | 'tb' | 'tc', b: number): string {
  if (key === 'ta') {
    const change = (b & 0x80) !== 0 ? 'unable to change mode' : 'capable to change mode';
    const implicit = (b & 0x10) !== 0 ? ', implicit parameters' : ', parameters from TA1';
    return `specific mode T=${b & 0x0f}: ${change}${implicit}`;
  }
  if (key === 'tb') return 'VPP programming voltage, precise (deprecated; ignored)';
  return `T=0 waiting time integer WI=${b}`;
}

function t15Meaning(key: 'ta' | 'tb' | 'tc', b: number, first: boolean): string {
  if (key === 'ta' && first) {
    const stop = ['not supported', 'state L', 'state H', 'no preference'][b >> 6] ?? '';
    const classes = ['A', 'B', 'C'].filter((_, i) => (b & (1 << i)) !== 0);
    return `clock stop ${stop}; class ${classes.length > 0 ? classes.join(' ') : 'none'} (5 V, 3 V, 1.8 V)`;
  }
  if (key === 'tb' && first)
    return b === 0 ? 'SPU not used' : `SPU ${b & 0x80 ? 'proprietary' : 'standard'} use`;
  return 'global (T=15)';
}

function t1Meaning(key: 'ta' | 'tb' | 'tc', b: number): string {
  if (key === 'ta') return `T=1 IFSC ${b} bytes`;
  if (key === 'tb') return `T=1 BWI=${b >> 4}, CWI=${b & 0x0f}`;
  return `T=1 error detection: ${(b & 0x01) !== 0 ? 'CRC' : 'LRC'}`;
}
