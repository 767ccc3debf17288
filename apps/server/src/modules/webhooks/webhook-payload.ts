import type { LoggedThreadEvent } from '../../events/event-types.js';
import type { Message } from '../messages/message.model.js';
import { threadEventOf } from '../thread-events/thread-event.model.js';

/** The message of an event as a webhook receives it (plain JSON, ISO instants). */
export interface WebhookMessageJson {
  id: string;
  threadId: string;
  kind: string;
  body: string;
  channelId: string;
  channelKind: string;
  authorId: string | null;
  to: string | null;
  deliveryStatus: string | null;
  externalId: string | null;
  receivedAt: string;
  createdAt: string;
}

/**
 * The raw JSON body of one delivery: the event as GraphQL shapes a ThreadEvent (before/after are
 * ThreadState), plus its message. The signature covers exactly this string.
 */
export function webhookBody(event: LoggedThreadEvent, message: Message | null): string {
  const view = threadEventOf(event);
  return JSON.stringify({
    cursor: view.cursor,
    type: view.type,
    at: view.at.toISOString(),
    threadId: view.threadId,
    threadVersion: view.threadVersion,
    actorId: view.actorId,
    before: view.before,
    after: view.after,
    message: message ? messageJson(message) : null,
    note: view.note,
  });
}

function messageJson(message: Message): WebhookMessageJson {
  return {
    id: message.id,
    threadId: message.threadId,
    kind: message.kind,
    body: message.body,
    channelId: message.channelId,
    channelKind: message.channelKind,
    authorId: message.authorId,
    to: message.to,
    deliveryStatus: message.deliveryStatus,
    externalId: message.externalId,
    receivedAt: message.receivedAt.toISOString(),
    createdAt: message.createdAt.toISOString(),
  };
}
