import { Arg, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { badInput } from '../../errors.js';
import { SupervisorRead } from '../auth/actor.js';
import { AgentLoad, Board, BoardThread } from './board.model.js';
import { MAX_LISTED_THREADS, type BoardService } from './board.service.js';

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
  @FieldResolver(() => [BoardThread], {
    description: `The OPEN threads this agent owns, the one whose customer has waited longest first: the first \`first\` (at most ${MAX_LISTED_THREADS}); ownedThreadCount says how many there are.`,
  })
  threads(@Root() load: AgentLoad, @Arg('first', () => Int, { defaultValue: MAX_LISTED_THREADS }) first: number): BoardThread[] {
    if (first < 0 || first > MAX_LISTED_THREADS) throw badInput('first', `must be between 0 and ${MAX_LISTED_THREADS}`);
    return load.heldThreads.slice(0, first);
  }
}
