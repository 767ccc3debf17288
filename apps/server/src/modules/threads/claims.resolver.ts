import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../context.js';
import { requireAgent, type Actor } from '../auth/actor.js';
import { viewerOf } from './visibility.js';
import type { ClaimsService } from './claims.service.js';
import type { ParticipantsService } from './participants.service.js';
import { ThreadPayload } from './thread.model.js';
import type { ThreadReader } from './thread-reader.js';
import type { ThreadChange } from './thread-writer.js';

/** Who holds a thread and who co-responds on it. */
@Resolver()
export class ClaimsResolver {
  constructor(
    private readonly claims: ClaimsService,
    private readonly participants: ParticipantsService,
    private readonly reader: ThreadReader,
  ) {}

  @Authorized()
  @Mutation(() => ThreadPayload, { nullable: true, description: 'Take an unowned thread. Exactly one of any number of concurrent claims wins.' })
  async claimThread(@Arg('threadId', () => ID) threadId: string, @Ctx() { actor }: Context): Promise<ThreadPayload> {
    return this.payload(actor!, await this.claims.claim(requireAgent(actor!), threadId));
  }

  @Authorized()
  @Mutation(() => ThreadPayload, { nullable: true, description: 'Take the next thread of my queues in DUE_SOONEST order; null when none waits.' })
  async claimNext(
    @Ctx() { actor }: Context,
    @Arg('queueId', () => ID, { nullable: true }) queueId?: string,
  ): Promise<ThreadPayload | null> {
    const change = await this.claims.claimNext(requireAgent(actor!), queueId ?? null);
    return change ? this.payload(actor!, change) : null;
  }

  @Authorized()
  @Mutation(() => ThreadPayload, { nullable: true })
  async releaseThread(@Arg('threadId', () => ID) threadId: string, @Ctx() { actor }: Context): Promise<ThreadPayload> {
    return this.payload(actor!, await this.claims.release(requireAgent(actor!), threadId));
  }

  @Authorized()
  @Mutation(() => ThreadPayload, { nullable: true, description: 'Give the thread to another agent, or to a queue, with an optional note for whoever takes it.' })
  async handOffThread(
    @Arg('threadId', () => ID) threadId: string,
    @Ctx() { actor }: Context,
    @Arg('toAgentId', () => ID, { nullable: true }) toAgentId?: string,
    @Arg('toQueueId', () => ID, { nullable: true }) toQueueId?: string,
    @Arg('note', () => String, { nullable: true }) note?: string,
  ): Promise<ThreadPayload> {
    return this.payload(actor!, await this.claims.handOff(requireAgent(actor!), threadId, { toAgentId, toQueueId, note }));
  }

  @Authorized()
  @Mutation(() => ThreadPayload, { nullable: true, description: 'Co-respond: join the thread beside its owner.' })
  async joinThread(@Arg('threadId', () => ID) threadId: string, @Ctx() { actor }: Context): Promise<ThreadPayload> {
    return this.payload(actor!, await this.participants.join(requireAgent(actor!), threadId));
  }

  @Authorized()
  @Mutation(() => ThreadPayload, { nullable: true })
  async leaveThread(@Arg('threadId', () => ID) threadId: string, @Ctx() { actor }: Context): Promise<ThreadPayload> {
    return this.payload(actor!, await this.participants.leave(requireAgent(actor!), threadId));
  }

  /** After a hand-off the thread may be out of the actor's sight: the payload shows its REDACTED view. */
  private async payload(actor: Actor, change: ThreadChange): Promise<ThreadPayload> {
    return { thread: await this.reader.forPayload(viewerOf(actor), change.threadId), cursor: change.cursor };
  }
}
