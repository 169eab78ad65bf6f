import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { isoDate } from './iso-date.transformer';

@Entity('allowlist_revisions')
export class AllowlistRevisionEntity {
  @PrimaryGeneratedColumn({ type: 'integer' }) revision!: number;
  @Column({ type: 'text', transformer: isoDate }) at!: Date;
  @Column({ type: 'text' }) entity!: 'holder' | 'credential';
  @Column({ name: 'entity_id', type: 'text' }) entityId!: string;
  @Column({ type: 'text' }) action!: string;
}
