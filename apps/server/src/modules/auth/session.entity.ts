import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A signed-in console. Only the token's SHA-256 is stored. */
@Entity('session')
export class Session {
  @PrimaryColumn('text')
  id!: string;

  @Column('text', { name: 'agent_id' })
  agentId!: string;

  @Column('bytea', { name: 'token_hash' })
  tokenHash!: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}
