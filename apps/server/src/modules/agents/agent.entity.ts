import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export enum AgentRole {
  AGENT = 'AGENT',
  SUPERVISOR = 'SUPERVISOR',
  ADMIN = 'ADMIN',
}
registerEnumType(AgentRole, { name: 'AgentRole' });

export enum Presence {
  ONLINE = 'ONLINE',
  AWAY = 'AWAY',
  OFFLINE = 'OFFLINE',
}
registerEnumType(Presence, { name: 'Presence' });

/** ADMIN has every SUPERVISOR right; SUPERVISOR every AGENT right. */
export const ROLE_RANK: Record<AgentRole, number> = { AGENT: 0, SUPERVISOR: 1, ADMIN: 2 };

@ObjectType()
@Entity('agent')
export class Agent {
  @Field(() => ID)
  @PrimaryColumn('text')
  id!: string;

  @Field()
  @Column('text')
  name!: string;

  /** Exposed through AgentResolver.email, which hides it from API keys without ADMIN. */
  @Column('text')
  email!: string;

  @Column('text', { name: 'password_hash', select: false })
  passwordHash!: string;

  @Field(() => AgentRole)
  @Column({ type: 'enum', enum: AgentRole, enumName: 'agent_role' })
  role!: AgentRole;

  @Field(() => Int, { description: 'The most OPEN threads this agent may own at once. Co-responding does not count.' })
  @Column('integer')
  capacity!: number;

  @Field()
  @Column('boolean')
  active!: boolean;

  /** What the agent last chose; AgentResolver.presence shows it only while they are connected. */
  @Column({ type: 'enum', enum: Presence, enumName: 'presence', name: 'presence' })
  chosenPresence!: Presence;

  /** Who set `chosenPresence` when it was not the agent (AgentResolver.presenceSetBy); null when they chose it. */
  @Column('text', { name: 'presence_set_by', nullable: true })
  presenceSetById!: string | null;

  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'last_seen_at', nullable: true })
  lastSeenAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
