import { Arg, Authorized, Ctx, Field, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../context.js';
import { Agent } from '../agents/agent.entity.js';
import { badInput } from '../../errors.js';
import type { AuthService } from './auth.service.js';

@ObjectType()
export class AuthPayload {
  @Field()
  token!: string;

  @Field(() => Agent)
  agent!: Agent;
}

@Resolver()
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @Mutation(() => AuthPayload, { nullable: true })
  login(@Arg('email') email: string, @Arg('password') password: string, @Ctx() { clientIp }: Context): Promise<AuthPayload> {
    return this.auth.login(email, password, { ip: clientIp });
  }

  @Authorized()
  @Mutation(() => Boolean, { nullable: true })
  async logout(@Ctx() { actor }: Context): Promise<boolean> {
    if (actor!.kind !== 'agent') throw badInput('Authorization', 'an API key does not sign out: revoke it (revokeApiKey)');
    await this.auth.logout(actor!);
    return true;
  }

  @Authorized()
  @Query(() => Agent, { nullable: true, description: 'The agent behind the token; null for an API key.' })
  me(@Ctx() { actor, loaders }: Context): Promise<Agent | undefined> {
    return actor!.kind === 'agent' ? loaders.agent.load(actor!.agentId) : Promise.resolve(undefined);
  }

  @Authorized()
  @Query(() => Date, { description: "The server's clock, for consoles that tick wait clocks locally." })
  serverTime(): Date {
    return new Date();
  }
}
