import { Injectable } from '@nestjs/common';
import type { CardRead } from '@kiosk/card';
import { CredentialsService } from '../credentials/credentials.service';
import { HoldersService } from '../holders/holders.service';
import { decideAccess, type AccessDecision, type AccessRequest } from './access-decision';

type RefusedCard = Extract<CardRead['outcome'], { ok: false }>;
export type DecidableRefusal = Extract<AccessRequest['card'], { ok: false }>['refusal'];

/** The decision, and whom it was about when the card named an enrolled credential. */
export interface AccessVerdict {
  decision: AccessDecision;
  holder: { id: string; displayName: string } | null;
}

/** Gathers what the rule needs from the allowlist, then lets the pure rule decide. */
@Injectable()
export class AccessService {
  constructor(
    private readonly credentials: CredentialsService,
    private readonly holders: HoldersService,
  ) {}

  decide(read: CardRead, door: { lockdown: boolean }, now: Date): AccessVerdict {
    // Two point lookups on primary or unique keys, each a statement prepared once.
    const credential = read.outcome.ok
      ? this.credentials.findForCard(read.outcome.credential)
      : null;
    const holder = credential ? this.holders.findById(credential.holderId) : null;
    const card: AccessRequest['card'] = read.outcome.ok
      ? { ok: true }
      : { ok: false, refusal: toDecidableRefusal(read.outcome.reason) };
    const decision = decideAccess({
      now,
      localTime: { dayOfWeek: now.getDay(), minuteOfDay: now.getHours() * 60 + now.getMinutes() },
      card,
      door,
      credential,
      holder,
      timeWindows: [],
    });
    return { decision, holder: holder ? { id: holder.id, displayName: holder.displayName } : null };
  }
}

/** 'card-removed' never reaches a decision (the orchestrator records it as an incomplete read). */
function toDecidableRefusal(reason: RefusedCard['reason']): DecidableRefusal {
  switch (reason) {
    case 'random-uid':
      return 'random-uid';
    case 'no-credential':
      return 'no-credential';
    case 'unreadable-card':
    case 'card-removed':
      return 'unreadable-card';
  }
}
