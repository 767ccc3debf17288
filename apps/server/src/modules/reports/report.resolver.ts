import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { notFound } from '../../errors.js';
import { SupervisorRead } from '../auth/actor.js';
import { Channel } from '../channels/channel.entity.js';
import type { Context } from '../context.js';
import type { BoardHistory } from './board-history.js';
import { BoardSnapshot, Report } from './report.model.js';
import type { ReportService } from './report.service.js';

@Resolver()
export class ReportResolver {
  constructor(private readonly reports: ReportService, private readonly history: BoardHistory) {}

  @SupervisorRead()
  @Query(() => Report, { description: 'Response figures over [from, to): SUPERVISOR, ADMIN and READ keys.' })
  report(@Arg('from', () => Date) from: Date, @Arg('to', () => Date) to: Date): Promise<Report> {
    return this.reports.report(from, to);
  }

  @SupervisorRead()
  @Query(() => [BoardSnapshot], { description: 'Board snapshots per channel, oldest first.' })
  async boardHistory(@Arg('since', () => Date) since: Date, @Arg('until', () => Date, { nullable: true }) until?: Date | null): Promise<BoardSnapshot[]> {
    const rows = await this.history.history(since, until ?? null);
    return rows.map((row) => Object.assign(new BoardSnapshot(), row));
  }
}

@Resolver(() => BoardSnapshot)
export class BoardSnapshotResolver {
  @FieldResolver(() => Channel)
  async channel(@Root() snapshot: BoardSnapshot, @Ctx() { loaders }: Context): Promise<Channel> {
    const channel = await loaders.channel.load(snapshot.channelId);
    if (!channel) throw notFound('Channel', snapshot.channelId);
    return channel;
  }
}
