import { Injectable } from '@nestjs/common';
import type { CardRead } from '@kiosk/card';
import type { CredentialEntity } from '../credentials/credential.entity';
import { CredentialsService } from '../credentials/credentials.service';
import { decideAccess, type AccessDecision, type AccessRequest } from './access-decision';

type RefusedCard = Extract<CardRead['outcome'], { ok: false }>;
export type DecidableRefusal = Extract<AccessRequest['card'], { ok: false }>['refusal'];

export interface AccessVerdict {
  decision: AccessDecision;
  /** The enrolled credential with its holder, when the card named one. */
  credential: CredentialEntity | null;
}

/** Gathers what the rule needs from the allowlist, then lets the pure rule decide. */
@Injectable()
export class AccessService {
  constructor(private readonly credentials: CredentialsService) {}

  async decide(read: CardRead, door: { lockdown: boolean }, now: Date): Promise<AccessVerdict> {
    const credential = read.outcome.ok
      ? await this.credentials.findForCard(read.outcome.credential)
      : null;
    const card: AccessRequest['card'] = read.outcome.ok
      ? { ok: true }
      : { ok: false, refusal: toDecidableRefusal(read.outcome.reason) };
    const decision = decideAccess({
      now,
      localTime: { dayOfWeek: now.getDay(), minuteOfDay: now.getHours() * 60 + now.getMinutes() },
      card,
      door,
      credential,
      holder: credential?.holder ?? null,
      timeWindows: [],
    });
    return { decision, credential };
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
