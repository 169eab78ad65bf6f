import { Column, Entity, PrimaryColumn } from 'typeorm';
import { isoDate } from '../database/iso-date.transformer';
import type { HolderStatus } from './holder';

/** The holders table as TypeORM maps it; it never leaves HoldersRepository. */
@Entity('holders')
export class HolderEntity {
  @PrimaryColumn({ type: 'text' }) id!: string;
  @Column({ name: 'display_name', type: 'text' }) displayName!: string;
  @Column({ type: 'text' }) status!: HolderStatus;
  @Column({ name: 'valid_from', type: 'text', nullable: true, transformer: isoDate })
  validFrom!: Date | null;
  @Column({ name: 'valid_until', type: 'text', nullable: true, transformer: isoDate })
  validUntil!: Date | null;
  @Column({ name: 'schedule_id', type: 'text', nullable: true }) scheduleId!: string | null;
  @Column({ name: 'created_at', type: 'text', transformer: isoDate }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'text', transformer: isoDate }) updatedAt!: Date;
}
