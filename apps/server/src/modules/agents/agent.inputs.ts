import { DEFAULT_CAPACITY, INPUT_LIMITS } from '@switchboard/schema';
import { Field, ID, InputType, Int } from 'type-graphql';
import { AgentRole } from './agent.entity.js';

export const AGENT_LIMITS = INPUT_LIMITS;

@InputType()
export class CreateAgentInput {
  @Field()
  name!: string;

  @Field()
  email!: string;

  @Field()
  password!: string;

  @Field(() => AgentRole, { nullable: true, defaultValue: AgentRole.AGENT })
  role?: AgentRole;

  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_CAPACITY })
  capacity?: number;

  @Field(() => [ID], { nullable: true })
  queueIds?: string[];
}

@InputType()
export class UpdateAgentInput {
  @Field({ nullable: true })
  name?: string;

  @Field({ nullable: true, description: 'Signs in with this from now on; unique, like at creation.' })
  email?: string;

  @Field(() => AgentRole, { nullable: true })
  role?: AgentRole;

  @Field(() => Int, { nullable: true })
  capacity?: number;

  @Field({ nullable: true, description: 'Deactivating signs the agent out and returns their threads to their queues.' })
  active?: boolean;
}
