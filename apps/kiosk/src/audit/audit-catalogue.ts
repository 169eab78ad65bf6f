import type { ReaderEvent } from '@kiosk/card';
import type { DoorEvent } from '@kiosk/door';
import { DENY_REASONS } from '../access/access-decision';

/**
 * Every kind of audit record and every outcome it can have, each with what it means: the one
 * list the code records from (AuditRecordInput takes only these), and the one docs/audit-events.md
 * describes (a spec compares the two).
 */
export const AUDIT_CATALOGUE = {
  'access-decision': {
    about:
      'A card was read at a door and decided. `reason`: the deny reason (docs/architecture.md).',
    outcomes: {
      granted:
        'the door was told to open (a door that did not take it is a door-command-failed after)',
      denied: 'the door stays shut; `reason` says why',
    },
  },
  'card-read-incomplete': {
    about:
      'A card was seen but no decision was made. `reason`: `card-removed` (taken away before its credential was read), `reader-without-door` (a reader that opens no door), `internal-error` (a fault of the kiosk; see its log), `repeated` (an OSDP reader reported the card again within 3 s of the read that was decided: the same presentation), `too-fast` (a reader sent reads faster than people tap: five at once, then one a second; no door opened for them). A `repeated` or `too-fast` record counts the reads of one reader over up to 3 s: `detail.count`, `firstAt`, `lastAt`, and `reads`, each distinct read (`credential` as shown, or `failure`) with its `count` (past 100 distinct reads, `otherReads` counts the rest).',
    outcomes: {},
  },
  'door-command-failed': {
    about:
      'A door board did not acknowledge a command after a decision or an unlock (`reason`: the link fault, e.g. `offline`, `timeout`, `nak`); `detail.decisionSeq` names the decision.',
    outcomes: {},
  },
  'device-event': {
    about:
      'A PC/SC reader or the PC/SC service (pcscd) came or went, a device floods the log (`detail.device`: which device and event), or the watchdog found a part that stopped without an error.',
    outcomes: {
      ...({
        'reader-attached': 'a reader appeared',
        'reader-removed': 'a reader disappeared',
        'service-lost': 'pcscd stopped answering: no card can be read; the LCDs say out of service',
        'service-restored': 'pcscd answers again',
      } satisfies Record<ReaderEvent['type'], string>),
      flooding:
        'a device has repeated one event for a minute without a quiet moment (a loose contact, a reader stuck on a card): a fault to look at; its repeats are still counted',
      'flooding-ended': 'that device has been quiet for a moment',
      'pcscd-not-answering':
        'the watchdog found pcscd not answering within its deadline (`reason`: what it saw): stopped or hung with its socket still there, which no error reports; the LCDs say out of service',
      'pcscd-answering':
        'pcscd answers the watchdog again (`detail.readersRestarted`: whether card reading had to be started again)',
      'door-bus-stuck':
        'the door bus poll loop has not come round for `detail.ageMs` ms (a write that never completes, say): the watchdog restarts the line (`detail.restarted`)',
      'door-bus-turning': 'the door bus poll loop comes round again',
      'event-loop-stalled':
        'the process did nothing else for `detail.stalledMs` ms (taps waited that long); recorded once it runs again',
    },
  },
  'door-event': {
    about:
      'What a door did, from its board (contact, request-to-exit, tamper, power) or its link. Board online and offline show per door as `in-service` and `out-of-service`. A repeat of the same event at the same door within 2 s is counted, not recorded: when the 2 s end, one record of that event with `reason` `repeated` gives `detail.count`, `firstAt` and `lastAt`.',
    outcomes: {
      opened: 'the door contact opened (after a grant or an exit request: a passage)',
      closed: 'the door contact closed',
      'forced-open': 'opened with no grant and no exit request',
      'forced-open-cleared': 'a forced door closed again',
      'held-open': 'open past its held-open limit after a passage',
      'held-open-cleared': 'a door held open closed again',
      tamper: 'the board reports tamper',
      'tamper-cleared': 'tamper ended',
      'power-failure': 'the board reports a power failure',
      'power-restored': 'power is back',
      'out-of-service': 'the board stopped answering, or the link failed (`reason` says how)',
      'in-service': 'the board answers and the door is followed again',
      'request-to-exit':
        'the request-to-exit button was pressed: the door may open without alarm for a moment',
    } satisfies Record<DoorEvent['type'], string>,
  },
  'admin-action': {
    about:
      "A change made by a person, through the API (`detail.actor`: the token's id and name) or the CLI (the system user). Never a token, a PAN or a key.",
    outcomes: {
      'holder-created': 'a holder was enrolled, with their cards (displays only)',
      'holder-updated':
        "a holder's names, validity, notes, visitor flag or groups changed (before and after)",
      'holder-suspended': 'a holder was suspended',
      'holder-reinstated': 'a suspended holder was made active again',
      'holder-deleted': 'a holder and their cards were removed (the history stays here)',
      'holders-imported': 'a holders file was imported (how many holders and cards)',
      'credential-enrolled': 'a card was added to a holder by value',
      'credential-revoked': 'a card was revoked',
      'enrolled-by-tap': "a card presented at a door became a holder's",
      'token-created': 'an API token was created (its name, role and doors)',
      'token-revoked': 'an API token was revoked',
      'schedule-created': 'a schedule was created',
      'schedule-updated': 'a schedule changed',
      'schedule-deleted': 'a schedule was deleted',
      'holiday-calendar-created': 'a holiday calendar was created',
      'holiday-calendar-updated': 'a holiday calendar changed',
      'holiday-calendar-deleted': 'a holiday calendar was deleted',
      'access-group-created': 'an access group was created (its doors and schedules)',
      'access-group-updated': 'an access group changed',
      'access-group-deleted': 'an access group was deleted (how many members it had)',
      'door-unlocked': 'a door was unlocked by hand (recorded before the board was told)',
      'door-lockdown': 'a door was locked down: no card opens it',
      'door-lockdown-lifted': 'a lockdown was lifted',
      'door-settings-changed': "a door's name, pulse time or held-open limit changed",
      'audit-exported': 'the audit log was exported (format and range)',
      'audit-verified':
        'the audit chain was verified on the terminal (`reason`: the break found, if any; `detail`: intact, records verified, the break, the signed head it was checked against)',
      'database-backed-up':
        'the database was backed up (`kiosk backup`): `detail.file`, its size, the audit records it holds and its last `seq` and head hash, which key files were copied beside it',
      'database-restored':
        'the first record of a database restored from a backup (`kiosk restore`): `detail.from` (the backup), its last `seq` and head hash, and where the database it replaced was kept',
    },
  },
  service: {
    about: 'The kiosk service itself.',
    outcomes: {
      started: 'the service started (its version and Node.js)',
      'configuration-loaded':
        'the configuration it runs with (doors, time zone, door bus; no secrets)',
      stopped: 'the service is stopping (the signal), the last record of a clean stop',
      'clock-jumped':
        'the wall clock moved more than 2 s against elapsed time (`reason`: forward or back; `detail.jumpMs`, the time before and after): NTP stepped it or someone set it. Records around it may be out of time order; their sequence numbers are not. The clock is untrusted until NTP says it is synchronised (`clock-untrusted`)',
      'clock-untrusted':
        'the clock can no longer be trusted, judged at start, every minute and before each tap (`reason`: before-build-date, jumped or not-synchronised; `detail`: the clock, the policy in force, the NTP sync state, `jumpMs` for a jump, the earliest plausible time for before-build-date): decisions follow the clock policy until it is trusted again (docs/operations.md, "The clock")',
      'clock-trusted':
        'the clock can be trusted again (`detail`: the clock, the NTP sync state): dates and schedules are judged as ever',
      'clock-implausible':
        'recorded by versions before the clock policy: at start the clock said a time before the kiosk existed; now `clock-untrusted` with reason before-build-date',
      'audit-pruned':
        'retention removed a whole old stretch of the log that had been exported (`detail`: from and up to which record, how many, the anchor hash the rest verifies on from)',
      'audit-log-restored':
        'the log can be written again after it could not be (`reason`: why; `detail`: since when, how many taps were refused meanwhile, no door opened for them, and how often the service restarted meanwhile); the first record after such a time, then a start that could not be recorded (`detail.startedAt`)',
    },
  },
} as const;

export type AuditEventType = keyof typeof AUDIT_CATALOGUE;
export type AuditOutcome<T extends AuditEventType> = keyof (typeof AUDIT_CATALOGUE)[T]['outcomes'];

export const AUDIT_EVENT_TYPES = Object.keys(AUDIT_CATALOGUE) as AuditEventType[];

/** Every deny reason an access-decision can carry, for the docs' list. */
export const AUDIT_DENY_REASONS = DENY_REASONS;
