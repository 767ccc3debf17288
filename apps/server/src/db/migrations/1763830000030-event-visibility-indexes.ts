import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the log's visibility filter (modules/threads/visibility.ts, eventVisibleSql), so
 * `threadEvents` and a replay for one agent probe the events they may see instead of walking the
 * log: queues (before and after) already have theirs; owners and collaborators get theirs here.
 * The owner indexes are partial (most events of a queue have no owner); the collaborator ones are
 * GIN over the jsonb arrays, usually empty. Each append pays for them: docs/benchmarks.md.
 */
export class EventVisibilityIndexes1763830000030 implements MigrationInterface {
  name = 'EventVisibilityIndexes1763830000030';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX event_owner_idx ON event (owner_id, id) WHERE owner_id IS NOT NULL`);
    await q.query(`CREATE INDEX event_before_owner_idx ON event (before_owner_id, id) WHERE before_owner_id IS NOT NULL`);
    await q.query(`CREATE INDEX event_after_collaborators_idx ON event USING gin ((after -> 'collaboratorIds'))`);
    await q.query(`CREATE INDEX event_before_collaborators_idx ON event USING gin ((before -> 'collaboratorIds'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of ['event_before_collaborators_idx', 'event_after_collaborators_idx', 'event_before_owner_idx', 'event_owner_idx']) {
      await q.query(`DROP INDEX ${index}`);
    }
  }
}
