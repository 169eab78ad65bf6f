import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Read side of the audit log; rows are written only by AuditRepository.append. */
@Entity('audit_events')
export class AuditEventEntity {
  @PrimaryColumn({ type: 'integer' }) seq!: number;
  @Column({ type: 'text' }) at!: string;
  @Column({ type: 'text' }) type!: string;
  @Column({ name: 'door_id', type: 'text', nullable: true }) doorId!: string | null;
  @Column({ type: 'text', nullable: true }) reader!: string | null;
  @Column({ name: 'credential_kind', type: 'text', nullable: true }) credentialKind!: string | null;
  @Column({ name: 'credential_display', type: 'text', nullable: true }) credentialDisplay!:
    string | null;
  @Column({ name: 'holder_id', type: 'text', nullable: true }) holderId!: string | null;
  @Column({ type: 'text', nullable: true }) outcome!: string | null;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ type: 'text' }) detail!: string;
  @Column({ name: 'prev_hash', type: 'text' }) prevHash!: string;
  @Column({ type: 'text' }) hash!: string;
}
