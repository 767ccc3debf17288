import type { ApiScope, ThreadEventType, WebhookDeliveryStatus } from '@switchboard/schema';

// Clients must tolerate enum values they do not know yet (contract header), hence the fallbacks.
function words(value: string): string {
  const text = value.toLowerCase().replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What each scope lets a key do, in the words of the schema's ApiScope description. */
export const API_SCOPES: ReadonlyArray<{ scope: ApiScope; label: string; explanation: string }> = [
  { scope: 'READ', label: 'Read', explanation: 'Queries and subscriptions: threads, customers, the board and reports.' },
  { scope: 'INGEST', label: 'Ingest', explanation: 'A channel gateway: receive messages, report delivery, and follow replies to send.' },
  { scope: 'WRITE', label: 'Write', explanation: 'Acts as one agent, with that agent’s rights: reply, claim, hand off.' },
  { scope: 'ADMIN', label: 'Admin', explanation: 'Everything, settings included. Give it only to tools you trust fully.' },
];

export function scopeLabel(scope: ApiScope): string {
  return API_SCOPES.find((entry) => entry.scope === scope)?.label ?? words(scope);
}

export const THREAD_EVENT_TYPES: readonly ThreadEventType[] = [
  'CREATED', 'MESSAGE_RECEIVED', 'REPLIED', 'NOTE_ADDED', 'CLAIMED', 'RELEASED', 'HANDED_OFF',
  'JOINED', 'LEFT', 'STATUS_CHANGED', 'PRIORITY_CHANGED', 'SLA_BREACHED', 'DELIVERY_CHANGED', 'CUSTOMER_MERGED',
];

const EVENT_LABELS: Partial<Record<ThreadEventType, string>> = {
  CREATED: 'Thread created',
  MESSAGE_RECEIVED: 'Message received',
  REPLIED: 'Replied',
  NOTE_ADDED: 'Note added',
  CLAIMED: 'Claimed',
  RELEASED: 'Released',
  HANDED_OFF: 'Handed off',
  JOINED: 'Agent joined',
  LEFT: 'Agent left',
  STATUS_CHANGED: 'Status changed',
  PRIORITY_CHANGED: 'Priority changed',
  SLA_BREACHED: 'Response overdue',
  DELIVERY_CHANGED: 'Delivery changed',
  CUSTOMER_MERGED: 'Customers merged',
};

export function eventTypeLabel(type: ThreadEventType): string {
  return EVENT_LABELS[type] ?? words(type);
}

const DELIVERY_LABELS: Partial<Record<WebhookDeliveryStatus, string>> = {
  PENDING: 'In flight',
  DELIVERED: 'Delivered',
  FAILED: 'Failed',
};

export function deliveryStatusLabel(status: WebhookDeliveryStatus): string {
  return DELIVERY_LABELS[status] ?? words(status);
}
