import type { CommandApdu } from '../codec/apdu.codec';
import { decodeBerTlv, encodeBerTlv, type TlvNode } from '../codec/ber-tlv.codec';
import { decodeDol } from '../codec/emv-dol.codec';
import {
  byPriority,
  directoryEntries,
  panPlaces,
  parseFci,
  parseGpoResponse,
  type AflEntry,
  type EmvApplication,
} from '../codec/emv-data.parser';
import { hexBytes } from '../codec/hex';
import { describeStatusWord } from '../codec/status-word';
import type { CardSession } from '../session/card.session';
import { isProcessed, sendCommand, statusDetail, type CommandResult } from './card-command';
import type { CredentialReadOutcome, CredentialRefusal, ReadDiagnosis } from './credential';
import { pdolData, type EmvTerminalOptions } from './emv-terminal-data';
import { PAN_MAX_DIGITS, PAN_MIN_DIGITS, PanCredential } from './pan-credential';

export interface EmvOptions {
  /** AIDs (hex) tried, in order, when the card has no PSE/PPSE directory. */
  fallbackAids?: readonly string[];
  terminal?: EmvTerminalOptions;
  /** READ RECORD commands allowed per application (a hostile AFL must not hold the door). */
  maxRecords?: number;
}

/**
 * The list of AIDs (EMV 4.3 Book 1 §12.3.3) tried when a card has no readable directory: the
 * payment schemes people carry, in Europe and beyond. The first seven come first as before, so a
 * card they already found costs no more commands.
 */
export const DEFAULT_FALLBACK_AIDS: readonly string[] = [
  'A0000000031010', // Visa credit or debit
  'A0000000032010', // Visa Electron
  'A0000000032020', // V PAY (Visa, Europe)
  'A0000000041010', // Mastercard credit or debit
  'A0000000043060', // Maestro (Mastercard debit)
  'A00000002501', // American Express
  'A0000000651010', // JCB
  'A0000000421010', // Cartes Bancaires (France)
  'A0000003591010028001', // girocard (Germany)
  'A0000002771010', // Interac (Canada)
  'A0000001523010', // Discover, Diners Club International
  'A0000003241010', // Discover (ZIP, contactless)
  'A000000333010101', // UnionPay debit
  'A000000333010102', // UnionPay credit
  'A000000333010103', // UnionPay quasi-credit
  'A0000001211010', // Dankort (Denmark)
  'D5780000021010', // BankAxept (Norway)
  'A0000005241010', // RuPay (India)
  'A0000006581010', // Mir (Russia)
];

/** EMV 4.3 Book 1, directory names: PSE (contact) and PPSE (contactless, EMV Book B). */
export const PSE = '1PAY.SYS.DDF01';
export const PPSE = '2PAY.SYS.DDF01';

const NONE = new Uint8Array(0);
/** SELECT by name, first occurrence (00 A4 04 00 Lc name 00). */
const selectByName = (name: Uint8Array): CommandApdu => ({
  cla: 0,
  ins: 0xa4,
  p1: 0x04,
  p2: 0,
  data: name,
  ne: 256,
});
/** READ RECORD record `n` of SFI `sfi` (P2 = SFI << 3 | 100b). */
const readRecord = (sfi: number, n: number): CommandApdu => ({
  cla: 0,
  ins: 0xb2,
  p1: n,
  p2: (sfi << 3) | 4,
  data: NONE,
  ne: 256,
});
/** The command template 83 with no PDOL related data. */
const EMPTY_PDOL = Uint8Array.of(0x83, 0x00);
/** GET PROCESSING OPTIONS (80 A8 00 00), data: Command Template 83 with the PDOL values. */
const gpo = (data: Uint8Array): CommandApdu => ({
  cla: 0x80,
  ins: 0xa8,
  p1: 0,
  p2: 0,
  data,
  ne: 256,
});

/**
 * Applications of schemes that carry no PAN (stored value, national purses), by AID prefix: a
 * card that offers only these is refused as `no-pan-card`, not as unreadable.
 */
export const NON_PAN_APPLICATIONS: ReadonlyArray<{ aidPrefix: string; scheme: string }> = [
  // GeldKarte (ZKA, Germany), stored value: D27600002545500100 and its purse DF …0200.
  { aidPrefix: 'D27600002545500', scheme: 'GeldKarte, a stored-value scheme with no PAN' },
];

const nonPanScheme = (aid: string): string | undefined =>
  NON_PAN_APPLICATIONS.find((a) => aid.startsWith(a.aidPrefix))?.scheme;

/**
 * GET PROCESSING OPTIONS refusals that a card may lift when asked again with an empty PDOL
 * (83 00): wrong length (the card counts its PDOL otherwise), conditions of use not satisfied
 * (it dislikes the terminal data), incorrect data. Real cards do this; established readers retry.
 */
const GPO_RETRY_STATUS: ReadonlySet<number> = new Set([0x6700, 0x6985, 0x6a80]);

/**
 * SELECT of the PSE answered with these: the card knows no SELECT by name in class 00 (class or
 * instruction not supported), so no AID of the list can answer either.
 */
const NO_SELECT_BY_NAME: ReadonlySet<number> = new Set([0x6e00, 0x6d00]);

/** EMV 4.3 Book 1 §12.3.2: 62 83, the PSE is blocked; the terminal uses the list of AIDs. */
const SW_PSE_BLOCKED = 0x6283;

type Step<T> = { ok: true; value: T } | CredentialRefusal;
const noCredential = (detail: string): CredentialRefusal => ({
  ok: false,
  reason: 'no-credential',
  detail,
});
const isNoCredential = (outcome: CredentialReadOutcome): boolean =>
  !outcome.ok && outcome.reason === 'no-credential';
const noPanCard = (detail: string): CredentialRefusal => ({
  ok: false,
  reason: 'no-pan-card',
  detail,
});

/** What one application gave, and whether the card answered its SELECT at all. */
interface ApplicationResult {
  outcome: CredentialReadOutcome;
  selected: boolean;
}

/** The commands of one read and their last status words, for a card that cannot be read. */
class ReadTrail {
  private readonly aids: string[] = [];
  private readonly steps: string[] = [];

  offered(aid: string): void {
    if (!this.aids.includes(aid)) this.aids.push(aid);
  }

  async send(session: CardSession, what: string, command: CommandApdu): Promise<CommandResult> {
    const result = await sendCommand(session, what, command);
    this.steps.push(
      result.ok
        ? `${what}: ${describeStatusWord(result.response.sw).hex}`
        : `${what}: ${result.reason}`,
    );
    return result;
  }

  diagnosis(): ReadDiagnosis {
    return { aidsOffered: [...this.aids], steps: [...this.steps] };
  }
}

/**
 * The EMV method: find the payment application (PPSE for contactless, PSE for contact, else a
 * list of AIDs), SELECT it, GET PROCESSING OPTIONS with the PDOL filled (once more with an empty
 * PDOL if the card refuses it), READ RECORD along the AFL, and the PAN from 5A, the track 2
 * equivalent 57, or Mastercard's track data 9F6B and 56: Luhn-checked, and the same wherever the
 * card carries it.
 */
export class EmvPanReader {
  private readonly fallbackAids: readonly string[];
  private readonly maxRecords: number;

  constructor(private readonly options: EmvOptions = {}) {
    this.fallbackAids = options.fallbackAids ?? DEFAULT_FALLBACK_AIDS;
    this.maxRecords = options.maxRecords ?? 32;
  }

  /** The credential, or why not; a refusal other than card-removed carries its diagnosis. */
  async read(session: CardSession, card: { contactless: boolean }): Promise<CredentialReadOutcome> {
    const trail = new ReadTrail();
    const outcome = await this.readWith(session, card.contactless, trail);
    if (outcome.ok || outcome.reason === 'card-removed') return outcome;
    return { ...outcome, diagnosis: trail.diagnosis() };
  }

  private async readWith(
    session: CardSession,
    contactless: boolean,
    trail: ReadTrail,
  ): Promise<CredentialReadOutcome> {
    const listed = await this.directory(session, contactless, trail);
    if (!listed.ok) return listed;
    const { apps, selectsByName } = listed.value;
    const name = contactless ? 'PPSE' : 'PSE';
    if (!selectsByName) return noCredential(`no EMV application (no SELECT by name at ${name})`);
    for (const app of apps) trail.offered(app.aid);
    const list = this.fallbackAids.map((aid) => ({ aid, priority: 0 }));
    const candidates = apps.length > 0 ? byPriority(apps) : list;
    let result = await this.readApplications(session, candidates, trail);
    // EMV 4.3 Book 1 §12.3.2: a contact terminal that finds no application it can select through
    // the PSE uses the list of AIDs (a stale or garbled directory is no reason to give up).
    const nothingSelected = !result.selected && isNoCredential(result.outcome);
    if (!contactless && apps.length > 0 && nothingSelected) {
      const rest = list.filter((entry) => !apps.some((app) => app.aid === entry.aid));
      const more = await this.readApplications(session, rest, trail);
      if (more.selected || more.outcome.ok || more.outcome.reason !== 'no-credential')
        result = more;
    }
    if (result.outcome.ok || result.selected || result.outcome.reason !== 'no-credential')
      return result.outcome;
    return noCredential(`no EMV application (${name} and ${candidates.length} AID(s))`);
  }

  /**
   * Each application in turn until one gives a PAN. A refusal that says something of the card
   * (a PAN that fails its checks, a card of a scheme with no PAN) outranks "not selected".
   */
  private async readApplications(
    session: CardSession,
    candidates: readonly EmvApplication[],
    trail: ReadTrail,
  ): Promise<ApplicationResult> {
    let selected = false;
    let panProblem: CredentialRefusal | undefined;
    let noPan: CredentialRefusal | undefined;
    let last: CredentialReadOutcome | undefined;
    for (const app of candidates) {
      const result = await this.readApplication(session, app, trail);
      const { outcome } = result;
      if (outcome.ok || (outcome.reason !== 'no-credential' && outcome.reason !== 'no-pan-card'))
        return result;
      selected ||= result.selected;
      if (outcome.reason === 'no-pan-card') noPan ??= outcome;
      else if (result.selected) panProblem ??= outcome;
      last = outcome;
    }
    const outcome = panProblem ?? noPan ?? last ?? noCredential('no EMV application to try');
    return { outcome, selected };
  }

  /**
   * The applications a PSE or PPSE lists (empty when the card has none, or none EMV can read),
   * and whether the card knows SELECT by name at all.
   */
  private async directory(
    session: CardSession,
    contactless: boolean,
    trail: ReadTrail,
  ): Promise<Step<{ apps: EmvApplication[]; selectsByName: boolean }>> {
    const name = contactless ? PPSE : PSE;
    const selected = await trail.send(
      session,
      `SELECT ${name}`,
      selectByName(new TextEncoder().encode(name)),
    );
    if (!selected.ok) return selected;
    const { sw, data } = selected.response;
    const none = {
      ok: true as const,
      value: { apps: [], selectsByName: !NO_SELECT_BY_NAME.has(sw) },
    };
    if (!isProcessed(sw) || sw === SW_PSE_BLOCKED) return none;
    const fci = decodeBerTlv(data);
    if (!fci.ok) return none;
    if (contactless)
      return { ok: true, value: { apps: directoryEntries(fci.value), selectsByName: true } };
    const sfi = parseFci(fci.value).sfi;
    if (sfi === undefined) return none;
    const apps = await this.readDirectory(session, sfi, trail);
    return apps.ok ? { ok: true, value: { apps: apps.value, selectsByName: true } } : apps;
  }

  /** PSE directory: READ RECORD 1, 2, … of its SFI until the card says there is no more. */
  private async readDirectory(
    session: CardSession,
    sfi: number,
    trail: ReadTrail,
  ): Promise<Step<EmvApplication[]>> {
    const apps: EmvApplication[] = [];
    for (let record = 1; record <= Math.min(this.maxRecords, 255); record += 1) {
      const read = await trail.send(
        session,
        `READ RECORD ${record} of SFI ${sfi}`,
        readRecord(sfi, record),
      );
      if (!read.ok) return read;
      if (!isProcessed(read.response.sw)) break; // 6A83: record not found, the end of the directory
      const tlv = decodeBerTlv(read.response.data);
      if (tlv.ok) apps.push(...directoryEntries(tlv.value));
    }
    return { ok: true, value: apps };
  }

  private async readApplication(
    session: CardSession,
    app: EmvApplication,
    trail: ReadTrail,
  ): Promise<ApplicationResult> {
    const what = `SELECT ${app.aid}`;
    const selected = await trail.send(session, what, selectByName(hexBytes(app.aid)));
    if (!selected.ok) return { outcome: selected, selected: false };
    // ISO/IEC 7816-4 §5.6: a warning (62xx, 63xx) still means the command was processed, and the
    // FCI comes with it (62 85, selected file in termination state, is one real cards send).
    if (!isProcessed(selected.response.sw))
      return { outcome: noCredential(statusDetail(what, selected.response.sw)), selected: false };
    trail.offered(app.aid);
    return {
      outcome: await this.readSelected(session, app.aid, selected.response.data, trail),
      selected: true,
    };
  }

  /** The selected application: GPO, the records, and the PAN in them. */
  private async readSelected(
    session: CardSession,
    aid: string,
    fciBytes: Uint8Array,
    trail: ReadTrail,
  ): Promise<CredentialReadOutcome> {
    const scheme = nonPanScheme(aid);
    const fci = decodeBerTlv(fciBytes);
    const pdol = fci.ok ? parseFci(fci.value).pdol : undefined;
    const processing = await this.getProcessingOptions(session, pdol, trail);
    if (!processing.ok)
      return scheme && processing.reason === 'no-credential'
        ? noPanCard(`${aid}: ${scheme}`)
        : processing;
    const nodes = [...processing.value.nodes];
    const records = await this.readRecords(session, processing.value.afl, nodes, trail);
    if (!records.ok) return records;
    const [first, ...others] = panPlaces(nodes);
    if (!first)
      return scheme
        ? noPanCard(`${aid}: ${scheme}`)
        : noCredential(`${aid}: no PAN (5A, 57, 9F6B or 56) in the records`);
    const differing = others.find((place) => place.digits !== first.digits);
    if (differing)
      return noCredential(
        `${aid}: PAN inconsistent: ${first.source} and ${differing.source} differ`,
      );
    const pan = PanCredential.fromDigits(first.digits);
    if (!pan.ok && pan.problem === 'bad-length')
      return noPanCard(
        `${aid}: card number from ${first.source} has ${first.digits.length} digits, a PAN ${PAN_MIN_DIGITS}-${PAN_MAX_DIGITS}`,
      );
    if (!pan.ok) return noCredential(`${aid}: PAN from ${first.source}: ${pan.problem}`);
    return { ok: true, method: 'emv', credential: { kind: 'pan', pan: pan.pan } };
  }

  /**
   * GET PROCESSING OPTIONS (EMV 4.3 Book 3 §6.5.8) with the PDOL related data; refused with one
   * of GPO_RETRY_STATUS, once more with an empty command template (83 00).
   */
  private async getProcessingOptions(
    session: CardSession,
    pdol: Uint8Array | undefined,
    trail: ReadTrail,
  ): Promise<Step<{ nodes: TlvNode[]; afl: AflEntry[] }>> {
    const entries = pdol ? decodeDol(pdol) : { ok: true as const, value: [] };
    if (!entries.ok) return noCredential(`PDOL: ${entries.problem}`);
    const template = encodeBerTlv([
      { tag: 0x83, value: pdolData(entries.value, this.options.terminal) },
    ]);
    if (!template.ok) return noCredential(`PDOL data: ${template.problem}`);
    let answer = await trail.send(session, 'GET PROCESSING OPTIONS', gpo(template.bytes));
    if (!answer.ok) return answer;
    if (GPO_RETRY_STATUS.has(answer.response.sw) && template.bytes.length > 2) {
      answer = await trail.send(session, 'GET PROCESSING OPTIONS (empty PDOL)', gpo(EMPTY_PDOL));
      if (!answer.ok) return answer;
    }
    if (!isProcessed(answer.response.sw))
      return noCredential(statusDetail('GET PROCESSING OPTIONS', answer.response.sw));
    const parsed = parseGpoResponse(answer.response.data);
    if (!parsed.ok) return noCredential(`GET PROCESSING OPTIONS answer: ${parsed.problem}`);
    return { ok: true, value: { nodes: parsed.value.nodes, afl: parsed.value.afl } };
  }

  /** READ RECORD along the AFL, within maxRecords; stops as soon as a PAN is in `nodes`. */
  private async readRecords(
    session: CardSession,
    afl: readonly AflEntry[],
    nodes: TlvNode[],
    trail: ReadTrail,
  ): Promise<Step<void>> {
    let budget = this.maxRecords;
    for (const entry of afl) {
      for (let record = entry.first; record <= entry.last; record += 1) {
        if (panPlaces(nodes).length > 0 || budget <= 0) return { ok: true, value: undefined };
        budget -= 1;
        const what = `READ RECORD ${record} of SFI ${entry.sfi}`;
        const read = await trail.send(session, what, readRecord(entry.sfi, record));
        if (!read.ok) return read;
        if (!isProcessed(read.response.sw)) continue;
        const tlv = decodeBerTlv(read.response.data);
        if (tlv.ok) nodes.push(...tlv.value);
      }
    }
    return { ok: true, value: undefined };
  }
}
