import { useQuery } from '@apollo/client/react';
import { WebhooksDocument } from '@switchboard/schema';

/**
 * How often delivery health is read again: the dispatcher changes `failingSince` without any
 * admin's action, so settingsChanged (WEBHOOK_CHANGED: created, paused, resumed, deleted) never says so.
 */
export const WEBHOOK_HEALTH_POLL_MS = 30_000;

/**
 * The webhooks with their delivery health; ADMIN only, so only an admin's section mounts this.
 * Named `Webhooks`, so a live settings change refetches it by name (app/setup-changes.tsx).
 */
export function useWebhooks() {
  return useQuery(WebhooksDocument, { pollInterval: WEBHOOK_HEALTH_POLL_MS });
}
