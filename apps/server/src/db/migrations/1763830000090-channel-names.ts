import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Several channels of one kind (two SMS numbers, two inboxes) are told apart by name on every
 * screen, so names are unique, ignoring case (modules/channels/channel.service.ts). Before this
 * no channel could be added or renamed, so the seeded names are the only ones and are distinct.
 */
export class ChannelNames1763830000090 implements MigrationInterface {
  name = 'ChannelNames1763830000090';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE UNIQUE INDEX channel_name_key ON channel (lower(name))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX channel_name_key`);
  }
}
