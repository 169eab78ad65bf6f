import { Inject, Injectable } from '@nestjs/common';
import type { CardRead } from '@kiosk/card';
import { ClockWatch } from '../clock/clock-watch';
import { kioskConfig, type KioskConfigType } from '../config/kiosk.config';
import { CredentialsService } from '../credentials/credentials.service';
import type { WriteTransaction } from '../database/write-transaction';
import { decideAccess, type AccessDecision, type AccessRequest } from './access-decision';
import { AccessPolicy } from './access-policy';
import { localTimeIn } from './local-time';

type RefusedCard = Extract<CardRead['outcome'], { ok: false }>;
export type DecidableRefusal = Extract<AccessRequest['card'], { ok: false }>['refusal'];

/** The decision, and whom and which card it was about when the card named an enrolled one. */
export interface AccessVerdict {
  decision: AccessDecision;
  holder: { id: string; displayName: string } | null;
  credential: { id: string; usesLeft: number | null } | null;
}

/**
 * Gathers what the rule needs (the credential, its holder and their groups, the groups' doors and
 * schedules, the door's lockdown, the site's local time), then lets the pure rule decide. The
 * credential, its holder and their groups are one lookup by the card's key, through a statement
 * prepared once; the groups' doors and schedules come from the in-memory access policy; whether
 * the clock can be trusted, from the ClockWatch.
 */
@Injectable()
export class AccessService {
  constructor(
    @Inject(kioskConfig.KEY) private readonly config: KioskConfigType,
    private readonly credentials: CredentialsService,
    private readonly policy: AccessPolicy,
    private readonly clock: ClockWatch,
  ) {}

  decide(read: CardRead, door: { id: string; lockdown: boolean }, now: Date): AccessVerdict {
    const found = read.outcome.ok ? this.credentials.findForTap(read.outcome.credential) : null;
    const credential = found?.credential ?? null;
    const holder = found?.holder ?? null;
    const card: AccessRequest['card'] = read.outcome.ok
      ? { ok: true }
      : { ok: false, refusal: toDecidableRefusal(read.outcome.reason) };
    const decision = decideAccess({
      now,
      // The site's wall clock, not the process's: a terminal may run in UTC.
      localTime: localTimeIn(this.config.site.timeZone, now),
      card,
      door,
      credential,
      holder,
      groups: holder && found ? this.policy.groupsOf(holder.groupIds, found.allowlistRevision) : [],
      // As judged before this tap (TapOrchestrator asks the ClockWatch first).
      clock: this.clock.forDecision(),
    });
    return {
      decision,
      holder: holder ? { id: holder.id, displayName: holder.lcdName ?? holder.displayName } : null,
      credential: credential ? { id: credential.id, usesLeft: credential.usesLeft } : null,
    };
  }

  /**
   * What a grant uses up, in the transaction that records it: one entry of a visitor card. Run
   * with the decision in one unit of work, so that no two grants can take the same last entry.
   */
  consumeIn(tx: WriteTransaction, verdict: AccessVerdict, at: Date): void {
    if (!verdict.decision.granted || verdict.credential?.usesLeft == null) return;
    this.credentials.consumeUseIn(tx, verdict.credential.id, at);
  }
}

/** 'card-removed' never reaches a decision (the orchestrator records it as an incomplete read). */
function toDecidableRefusal(reason: RefusedCard['reason']): DecidableRefusal {
  switch (reason) {
    case 'random-uid':
      return 'random-uid';
    case 'no-credential':
      return 'no-credential';
    case 'no-pan-card':
      return 'no-pan-card';
    case 'unreadable-card':
    case 'card-removed':
      return 'unreadable-card';
  }
}
