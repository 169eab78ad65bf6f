import { analyzeAtr, type AtrProblem, type TckStatus } from './atr.parser';
import { parseHistoricalBytes, type HistoricalBytes } from './atr-historical.parser';
import {
  describeInterfaceBytes,
  transmissionParameters,
  type InterfaceByteReport,
  type TransmissionParameters,
} from './atr-interface-bytes';
import { identifyCard, type CardIdentity } from './card-identity';
import { parseHex, toHex } from './hex';

/**
 * An ATR explained, the way a person reading ISO/IEC 7816-3 would. The first eight fields are a
 * contract read by tools (`kiosk card atr - `): do not rename or remove them.
 */
export interface AtrReport {
  /** The hex as given (trimmed). */
  atr: string;
  /** False for any structural problem, including a missing or wrong TCK. */
  valid: boolean;
  problems: string[];
  /** null when TS is missing or neither 3B nor 3F. */
  convention: 'direct' | 'inverse' | null;
  /** T values offered, in order; [0] when there is no TD1. Empty when nothing could be read. */
  protocols: number[];
  /** Space-separated hex pairs; '' when there are none. */
  historicalBytes: string;
  tck: TckStatus;
  card: CardIdentity | null;
  globalT15: boolean;
  interfaceBytes: InterfaceByteReport[];
  transmission: TransmissionParameters | null;
  historical: HistoricalBytes | null;
}

const PROBLEM_TEXT: Record<AtrProblem, string> = {
  'too-short': 'too short: an ATR has at least TS and T0',
  'bad-ts': 'TS is neither 3B (direct) nor 3F (inverse convention)',
  truncated: 'truncated: T0 and the TD bytes announce more bytes than there are',
  'tck-missing': 'TCK missing: a protocol other than T=0 is offered, so TCK must end the ATR',
  'tck-mismatch': 'TCK wrong: the XOR of T0 up to TCK is not zero',
  'trailing-bytes': 'bytes after the end of the ATR',
  'too-long': 'longer than 33 bytes',
};

/** Explains one ATR given as hex. Never throws, whatever the text. */
export function describeAtr(hex: string): AtrReport {
  const atr = hex.trim();
  const bytes = parseHex(atr);
  if (!bytes.ok) return emptyReport(atr, [`not hex: ${bytes.problem} at character ${bytes.at}`]);
  const analysis = analyzeAtr(bytes.value);
  const problems = analysis.problems.map((p) => `${PROBLEM_TEXT[p.problem]} (byte ${p.at})`);
  const parsed = analysis.atr;
  if (!parsed) return emptyReport(atr, problems);
  const valid = problems.length === 0;
  return {
    atr,
    valid,
    problems,
    convention: parsed.convention,
    protocols: parsed.protocols,
    historicalBytes: toHex(parsed.historical, ' '),
    tck: analysis.tck,
    // A card is named only from an ATR whose structure holds: a broken ATR identifies nothing.
    card: valid ? identifyCard(parsed) : null,
    globalT15: parsed.globalT15,
    interfaceBytes: describeInterfaceBytes(parsed),
    transmission: transmissionParameters(parsed),
    historical: parseHistoricalBytes(parsed.historical),
  };
}

function emptyReport(atr: string, problems: string[]): AtrReport {
  return {
    atr,
    valid: false,
    problems,
    convention: null,
    protocols: [],
    historicalBytes: '',
    tck: 'absent',
    card: null,
    globalT15: false,
    interfaceBytes: [],
    transmission: null,
    historical: null,
  };
}

/** The report as lines of text for a person at a terminal. */
export function formatAtrReport(r: AtrReport): string[] {
  const lines = [`ATR ${r.atr}`, `  ${r.valid ? 'valid' : 'INVALID'}`];
  for (const p of r.problems) lines.push(`  problem: ${p}`);
  if (r.convention) lines.push(`  TS: ${r.convention} convention`);
  if (r.protocols.length > 0) {
    const t15 = r.globalT15 ? ' (and T=15 global interface bytes)' : '';
    lines.push(`  protocols: ${r.protocols.map((t) => `T=${t}`).join(', ')}${t15}`);
  }
  for (const b of r.interfaceBytes) lines.push(`  ${b.name} = ${b.value}: ${b.meaning}`);
  const tx = r.transmission;
  if (tx) {
    const fd =
      tx.fi && tx.di
        ? `Fi=${tx.fi}, Di=${tx.di}, f max ${tx.fMaxMHz} MHz`
        : 'Fi/Di reserved values';
    lines.push(`  transmission: ${fd}, extra guard time ${tx.extraGuardTimeEtu} etu`);
  }
  lines.push(...historicalLines(r));
  lines.push(`  TCK: ${r.tck}`);
  lines.push(`  card: ${r.card ? `${r.card.name} (${r.card.kind})` : 'not identified'}`);
  return lines;
}

function historicalLines(r: AtrReport): string[] {
  if (!r.historical || r.historical.category === 'none') return ['  historical bytes: none'];
  const h = r.historical;
  const lines = [`  historical bytes: ${r.historicalBytes}`, `    category: ${h.category}`];
  for (const o of h.objects) lines.push(`    ${o.name}: ${o.value}`);
  if (h.statusIndicator) lines.push(`    status indicator: ${h.statusIndicator}`);
  for (const n of h.notes) lines.push(`    note: ${n}`);
  return lines;
}
