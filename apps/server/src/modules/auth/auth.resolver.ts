import { Arg, Authorized, Ctx, Field, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../context.js';
import { Agent } from '../agents/agent.entity.js';
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
  login(@Arg('email') email: string, @Arg('password') password: string): Promise<AuthPayload> {
    return this.auth.login(email, password);
  }

  @Authorized()
  @Mutation(() => Boolean, { nullable: true })
  async logout(@Ctx() { actor }: Context): Promise<boolean> {
    await this.auth.logout(actor!);
    return true;
  }

  @Authorized()
  @Query(() => Agent, { nullable: true, description: 'The agent behind the token; null for an API key.' })
  me(@Ctx() { actor, loaders }: Context): Promise<Agent | undefined> {
    return loaders.agent.load(actor!.agentId);
  }

  @Authorized()
  @Query(() => Date, { description: "The server's clock, for consoles that tick wait clocks locally." })
  serverTime(): Date {
    return new Date();
  }
}
