import { INPUT_LIMITS, type ApiScope } from '@switchboard/schema';
import { nameProblem } from '../settings-rules';

// The server's checks, mirrored so a form says what is wrong before sending: api-key.service.ts
// (a name as requireText takes it, at least one scope, an agent for WRITE) and webhook-url.ts
// (INPUT_LIMITS.webhookUrlMax, http or https, a host). The server still decides, and its answer shows beside
// the field it names. Whether a host is private depends on DNS and on the server's
// SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE, so that check is the server's alone.
export const WEBHOOK_URL_MAX = INPUT_LIMITS.webhookUrlMax;

export interface ApiKeyDraft {
  name: string;
  scopes: readonly ApiScope[];
  agentId: string | null;
}

export type ApiKeyField = 'name' | 'scopes' | 'agentId';

export function apiKeyProblems(draft: ApiKeyDraft): Partial<Record<ApiKeyField, string>> {
  const problems: Partial<Record<ApiKeyField, string>> = {};
  const name = nameProblem(draft.name);
  if (name) problems.name = name;
  if (draft.scopes.length === 0) problems.scopes = 'Choose at least one scope';
  if (draft.scopes.includes('WRITE') && !draft.agentId) problems.agentId = 'A Write key acts as an agent: choose one';
  return problems;
}

export function webhookUrlProblem(raw: string): string | null {
  const text = raw.trim();
  if (text === '') return 'Give the URL that receives the events';
  if (text.length > WEBHOOK_URL_MAX) return `Must be at most ${WEBHOOK_URL_MAX} characters`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'Is not a URL: write it in full, like https://example.com/hooks/switchboard';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'Must be an http or https URL';
  if (url.hostname === '') return 'Must name a host';
  return null;
}
