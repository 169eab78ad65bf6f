import { Column, Entity, PrimaryColumn } from 'typeorm';
import { isoDate } from '../database/iso-date.transformer';
import type { CredentialKind, CredentialStatus } from './credential';

/** The credentials table as TypeORM maps it; it never leaves CredentialsRepository. */
@Entity('credentials')
export class CredentialEntity {
  @PrimaryColumn({ type: 'text' }) id!: string;
  @Column({ name: 'holder_id', type: 'text' }) holderId!: string;
  @Column({ type: 'text' }) kind!: CredentialKind;
  /** UID: upper-case hex. PAN: HMAC-SHA-256 hex, never the number. */
  @Column({ name: 'lookup_key', type: 'text' }) lookupKey!: string;
  @Column({ type: 'text' }) display!: string;
  @Column({ type: 'text' }) status!: CredentialStatus;
  @Column({ name: 'valid_from', type: 'text', nullable: true, transformer: isoDate })
  validFrom!: Date | null;
  @Column({ name: 'valid_until', type: 'text', nullable: true, transformer: isoDate })
  validUntil!: Date | null;
  @Column({ name: 'uses_left', type: 'integer', nullable: true }) usesLeft!: number | null;
  @Column({ name: 'created_at', type: 'text', transformer: isoDate }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'text', transformer: isoDate }) updatedAt!: Date;
}
