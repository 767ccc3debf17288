import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { SupervisorRead } from '../auth/actor.js';
import type { Context } from '../context.js';
import { Thread } from '../threads/thread.model.js';
import { AgentLoad, Board } from './board.model.js';
import type { BoardService } from './board.service.js';

@Resolver(() => Board)
export class BoardResolver {
  constructor(private readonly service: BoardService) {}

  @SupervisorRead()
  @Query(() => Board, { description: 'Waiting customers per channel and queue, and every active agent\'s load: SUPERVISOR, ADMIN and READ keys.' })
  board(): Promise<Board> {
    return this.service.board();
  }
}

@Resolver(() => AgentLoad)
export class AgentLoadResolver {
  @FieldResolver(() => [Thread], { description: 'The OPEN threads this agent owns, the one whose customer has waited longest first.' })
  async threads(@Root() load: AgentLoad, @Ctx() { loaders }: Context): Promise<Thread[]> {
    const threads = await loaders.eventThread.loadMany(load.ownedThreadIds);
    return threads.filter((thread): thread is Thread => thread instanceof Object && !(thread instanceof Error));
  }
}
