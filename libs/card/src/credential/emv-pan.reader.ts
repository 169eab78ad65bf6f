import type { CommandApdu } from '../codec/apdu.codec';
import { decodeBerTlv, encodeBerTlv, type TlvNode } from '../codec/ber-tlv.codec';
import { decodeDol } from '../codec/emv-dol.codec';
import {
  byPriority,
  directoryEntries,
  panDigits,
  parseFci,
  parseGpoResponse,
  type AflEntry,
  type EmvApplication,
} from '../codec/emv-data.parser';
import { hexBytes } from '../codec/hex';
import type { CardSession } from '../session/card.session';
import { sendCommand, statusDetail } from './card-command';
import type { CredentialReadOutcome, CredentialRefusal } from './credential';
import { pdolData, type EmvTerminalOptions } from './emv-terminal-data';
import { PanCredential } from './pan-credential';

export interface EmvOptions {
  /** AIDs (hex) tried, in order, when the card has no PSE/PPSE directory. */
  fallbackAids?: readonly string[];
  terminal?: EmvTerminalOptions;
  /** READ RECORD commands allowed per application (a hostile AFL must not hold the door). */
  maxRecords?: number;
}

/** Widely used payment AIDs: Visa, Visa Electron, V PAY, Mastercard, Maestro, Amex, JCB. */
export const DEFAULT_FALLBACK_AIDS: readonly string[] = [
  'A0000000031010',
  'A0000000032010',
  'A0000000032020',
  'A0000000041010',
  'A0000000043060',
  'A00000002501',
  'A0000000651010',
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
/** GET PROCESSING OPTIONS (80 A8 00 00), data: Command Template 83 with the PDOL values. */
const gpo = (data: Uint8Array): CommandApdu => ({
  cla: 0x80,
  ins: 0xa8,
  p1: 0,
  p2: 0,
  data,
  ne: 256,
});

type Step<T> = { ok: true; value: T } | CredentialRefusal;
const noCredential = (detail: string): CredentialRefusal => ({
  ok: false,
  reason: 'no-credential',
  detail,
});

/**
 * The EMV method: find the payment application (PPSE for contactless, PSE for contact, else a
 * list of AIDs), SELECT it, GET PROCESSING OPTIONS with the PDOL filled, READ RECORD along the
 * AFL, and the PAN from 5A or from the track 2 equivalent 57, Luhn-checked.
 */
export class EmvPanReader {
  private readonly fallbackAids: readonly string[];
  private readonly maxRecords: number;

  constructor(private readonly options: EmvOptions = {}) {
    this.fallbackAids = options.fallbackAids ?? DEFAULT_FALLBACK_AIDS;
    this.maxRecords = options.maxRecords ?? 32;
  }

  async read(session: CardSession, card: { contactless: boolean }): Promise<CredentialReadOutcome> {
    const listed = await this.directory(session, card.contactless);
    if (!listed.ok) return listed;
    const candidates =
      listed.value.length > 0
        ? byPriority(listed.value)
        : this.fallbackAids.map((aid) => ({ aid, priority: 0 }));
    let last = noCredential(
      `no EMV application (${card.contactless ? 'PPSE' : 'PSE'} and ${candidates.length} AID(s))`,
    );
    for (const app of candidates) {
      const outcome = await this.readApplication(session, app);
      if (outcome.ok || outcome.reason !== 'no-credential') return outcome;
      last = outcome;
    }
    return last;
  }

  /** The applications a PSE or PPSE lists; an empty list when the card has no directory. */
  private async directory(
    session: CardSession,
    contactless: boolean,
  ): Promise<Step<EmvApplication[]>> {
    const name = contactless ? PPSE : PSE;
    const selected = await sendCommand(
      session,
      `SELECT ${name}`,
      selectByName(new TextEncoder().encode(name)),
    );
    if (!selected.ok) return selected;
    if (selected.response.sw !== 0x9000) return { ok: true, value: [] };
    const fci = decodeBerTlv(selected.response.data);
    if (!fci.ok) return { ok: true, value: [] };
    if (contactless) return { ok: true, value: directoryEntries(fci.value) };
    const sfi = parseFci(fci.value).sfi;
    return sfi === undefined ? { ok: true, value: [] } : this.readDirectory(session, sfi);
  }

  /** PSE directory: READ RECORD 1, 2, … of its SFI until the card says there is no more. */
  private async readDirectory(session: CardSession, sfi: number): Promise<Step<EmvApplication[]>> {
    const apps: EmvApplication[] = [];
    for (let record = 1; record <= Math.min(this.maxRecords, 255); record += 1) {
      const read = await sendCommand(
        session,
        `READ RECORD ${record} of SFI ${sfi}`,
        readRecord(sfi, record),
      );
      if (!read.ok) return read;
      if (read.response.sw !== 0x9000) break; // 6A83: record not found, the end of the directory
      const tlv = decodeBerTlv(read.response.data);
      if (tlv.ok) apps.push(...directoryEntries(tlv.value));
    }
    return { ok: true, value: apps };
  }

  private async readApplication(
    session: CardSession,
    app: EmvApplication,
  ): Promise<CredentialReadOutcome> {
    const what = `SELECT ${app.aid}`;
    const selected = await sendCommand(session, what, selectByName(hexBytes(app.aid)));
    if (!selected.ok) return selected;
    if (selected.response.sw !== 0x9000)
      return noCredential(statusDetail(what, selected.response.sw));
    const fci = decodeBerTlv(selected.response.data);
    const pdol = fci.ok ? parseFci(fci.value).pdol : undefined;
    const processing = await this.getProcessingOptions(session, pdol);
    if (!processing.ok) return processing;
    const nodes = [...processing.value.nodes];
    const records = await this.readRecords(session, processing.value.afl, nodes);
    if (!records.ok) return records;
    const found = panDigits(nodes);
    if (!found)
      return noCredential(`${app.aid}: no PAN (5A) nor track 2 equivalent (57) in the records`);
    const pan = PanCredential.fromDigits(found.digits);
    if (!pan.ok) return noCredential(`${app.aid}: PAN from ${found.source}: ${pan.problem}`);
    return { ok: true, method: 'emv', credential: { kind: 'pan', pan: pan.pan } };
  }

  private async getProcessingOptions(
    session: CardSession,
    pdol: Uint8Array | undefined,
  ): Promise<Step<{ nodes: TlvNode[]; afl: AflEntry[] }>> {
    const entries = pdol ? decodeDol(pdol) : { ok: true as const, value: [] };
    if (!entries.ok) return noCredential(`PDOL: ${entries.problem}`);
    const template = encodeBerTlv([
      { tag: 0x83, value: pdolData(entries.value, this.options.terminal) },
    ]);
    if (!template.ok) return noCredential(`PDOL data: ${template.problem}`);
    const answer = await sendCommand(session, 'GET PROCESSING OPTIONS', gpo(template.bytes));
    if (!answer.ok) return answer;
    if (answer.response.sw !== 0x9000)
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
  ): Promise<Step<void>> {
    let budget = this.maxRecords;
    for (const entry of afl) {
      for (let record = entry.first; record <= entry.last; record += 1) {
        if (panDigits(nodes) || budget <= 0) return { ok: true, value: undefined };
        budget -= 1;
        const what = `READ RECORD ${record} of SFI ${entry.sfi}`;
        const read = await sendCommand(session, what, readRecord(entry.sfi, record));
        if (!read.ok) return read;
        if (read.response.sw !== 0x9000) continue;
        const tlv = decodeBerTlv(read.response.data);
        if (tlv.ok) nodes.push(...tlv.value);
      }
    }
    return { ok: true, value: undefined };
  }
}
