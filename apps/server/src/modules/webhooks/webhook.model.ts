import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ThreadEventType } from '../threads/thread.enums.js';

export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
}
registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: 'PENDING: the attempt is in flight (or its process died during it). DELIVERED: answered 2xx. FAILED: no 2xx, no answer in time, or a gap (events pruned before delivery).',
});

@ObjectType({
  description: `An HTTP(S) endpoint that receives every thread event of the log (or those of \`types\`) from its
creation on, in cursor order, at least once: POST, JSON body { cursor, type, at, threadId, threadVersion, actorId, before, after, message,
note }, headers \`Switchboard-Event-Id: <cursor>\` and
\`Switchboard-Signature: t=<unix seconds>,v1=<lowercase hex HMAC-SHA256(secret, "<t>.<raw body>")>\`.
A non-2xx answer or no answer in 10 s is retried with growing back-off; later events wait.`,
})
export class Webhook {
  @Field(() => ID)
  id!: string;

  @Field()
  url!: string;

  @Field(() => [ThreadEventType], { description: 'The event types it receives; all when empty.' })
  types!: ThreadEventType[];

  @Field()
  active!: boolean;

  @Field()
  createdAt!: Date;

  @Field(() => String, { nullable: true, description: 'The cursor of the last event it acknowledged.' })
  deliveredCursor!: string | null;

  @Field(() => Date, { nullable: true, description: 'Since when the event now due has been failing; null while healthy.' })
  failingSince!: Date | null;
}

@ObjectType()
export class WebhookPayload {
  @Field({ description: 'The signing secret, shown once.' })
  secret!: string;

  @Field(() => Webhook)
  webhook!: Webhook;
}

@ObjectType()
export class WebhookDelivery {
  @Field(() => ID)
  id!: string;

  @Field()
  eventCursor!: string;

  @Field(() => Int)
  attempt!: number;

  @Field(() => WebhookDeliveryStatus)
  status!: WebhookDeliveryStatus;

  @Field(() => Int, { nullable: true })
  httpStatus!: number | null;

  @Field(() => String, { nullable: true })
  error!: string | null;

  @Field()
  at!: Date;
}

export interface WebhookRow {
  id: string;
  url: string;
  types: string[];
  active: boolean;
  created_at: Date;
  delivered_cursor: string | null;
  failing_since: Date | null;
}

/** The columns `webhookFromRow` reads (bigints as text: cursors are decimal strings). */
export const WEBHOOK_COLUMNS = `id, url, types, active, created_at, delivered_cursor::text AS delivered_cursor, failing_since`;

export function webhookFromRow(row: WebhookRow): Webhook {
  return Object.assign(new Webhook(), {
    id: row.id,
    url: row.url,
    types: row.types as ThreadEventType[],
    active: row.active,
    createdAt: row.created_at,
    deliveredCursor: row.delivered_cursor,
    failingSince: row.failing_since,
  });
}

export interface WebhookDeliveryRow {
  id: string;
  event_cursor: string;
  attempt: number;
  status: WebhookDeliveryStatus;
  http_status: number | null;
  error: string | null;
  at: Date;
}

export function deliveryFromRow(row: WebhookDeliveryRow): WebhookDelivery {
  return Object.assign(new WebhookDelivery(), {
    id: row.id,
    eventCursor: row.event_cursor,
    attempt: row.attempt,
    status: row.status,
    httpStatus: row.http_status,
    error: row.error,
    at: row.at,
  });
}
