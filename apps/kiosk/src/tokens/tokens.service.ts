import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { AdminActor } from '../audit/admin-actor';
import { AuditService } from '../audit/audit.service';
import { UnitOfWork } from '../database/unit-of-work';
import { TOKEN_ROLES, type ApiTokenRecord, type Principal, type TokenRole } from './api-token';
import { hashTokenSecret, parseBearerToken, principalOfToken } from './api-token-check';
import { TokenError } from './tokens.errors';
import { TokensRepository } from './tokens.repository';

/** 256 bits of secret: far past guessing, so one SHA-256 is the right stored form. */
const SECRET_BYTES = 32;
const NAME_FORM = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;

export interface NewTokenInput {
  name: string;
  role: TokenRole;
  /** For an operator token: the doors it may act on; omitted or null: every door. */
  doors?: readonly string[] | null;
  expiresAt?: Date | null;
}

export interface CreatedToken extends ApiTokenRecord {
  /** The bearer token itself: shown this once, never stored, never logged. */
  token: string;
}

@Injectable()
export class TokensService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly tokens: TokensRepository,
    private readonly audit: AuditService,
  ) {}

  /** Creates a token, recorded as an admin action; the result's `token` is shown once. */
  async create(input: NewTokenInput, actor: AdminActor): Promise<CreatedToken> {
    const name = input.name.trim();
    if (!NAME_FORM.test(name))
      throw new TokenError(
        'invalid-input',
        'A token name has 1 to 64 letters, digits, spaces, ".", "_" or "-", starting with a letter or digit',
      );
    if (!TOKEN_ROLES.includes(input.role))
      throw new TokenError('invalid-input', `A token role is one of ${TOKEN_ROLES.join(', ')}`);
    const doors = input.doors && input.doors.length > 0 ? [...input.doors] : null;
    if (doors && input.role !== 'operator')
      throw new TokenError('invalid-input', 'Only an operator token is limited to doors');
    const expiresAt = input.expiresAt ?? null;
    const at = new Date();
    if (expiresAt && expiresAt <= at)
      throw new TokenError('invalid-input', 'A token expires in the future');
    const id = randomUUID();
    const secret = randomBytes(SECRET_BYTES).toString('base64url');
    await this.unitOfWork.write((tx) => {
      if (this.tokens.findByNameIn(tx, name))
        throw new TokenError('token-name-taken', `A token named "${name}" exists already`);
      this.tokens.insertIn(tx, {
        id,
        name,
        role: input.role,
        doors,
        secretHash: hashTokenSecret(secret).toString('hex'),
        at,
        expiresAt,
      });
      this.audit.recordIn(tx, {
        type: 'admin-action',
        at,
        outcome: 'token-created',
        detail: { actor, tokenId: id, name, role: input.role, doors, expiresAt },
      });
    });
    return {
      id,
      name,
      role: input.role,
      doors,
      createdAt: at,
      expiresAt,
      revokedAt: null,
      token: `kiosk.${id}.${secret}`,
    };
  }

  list(): ApiTokenRecord[] {
    return this.tokens.list();
  }

  /** Revokes a token by name; it stops working at once. Recorded as an admin action. */
  async revoke(name: string, actor: AdminActor): Promise<ApiTokenRecord> {
    return this.unitOfWork.write((tx) => {
      const token = this.tokens.findByNameIn(tx, name.trim());
      if (!token) throw new TokenError('token-not-found', `No token named "${name.trim()}"`);
      const at = new Date();
      this.tokens.revokeIn(tx, token.id, at);
      this.audit.recordIn(tx, {
        type: 'admin-action',
        at,
        outcome: 'token-revoked',
        detail: { actor, tokenId: token.id, name: token.name },
      });
      return { ...token, revokedAt: token.revokedAt ?? at };
    });
  }

  /**
   * The principal a bearer token names, or an 'unauthenticated' error: unknown form, unknown id,
   * wrong secret, revoked or expired all look the same from outside. The secret's hash is
   * compared in constant time.
   */
  authenticate(bearer: string, now: Date = new Date()): Principal {
    const refused = () => new TokenError('unauthenticated', 'A valid API token is required');
    const bearerToken = parseBearerToken(bearer);
    if (!bearerToken) throw refused();
    const principal = principalOfToken(
      bearerToken.secret,
      this.tokens.findForCheck(bearerToken.id),
      now,
    );
    if (!principal) throw refused();
    return principal;
  }
}
