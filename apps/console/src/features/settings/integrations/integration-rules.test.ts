import { describe, expect, it } from 'vitest';
import { SETTINGS_LIMITS } from '../settings-rules';
import { apiKeyProblems, WEBHOOK_URL_MAX, webhookUrlProblem } from './integration-rules';

describe('apiKeyProblems', () => {
  it('accepts a trimmed name, a scope, and an agent for WRITE', () => {
    expect(apiKeyProblems({ name: ' Bot ', scopes: ['READ', 'WRITE'], agentId: 'agt_ada' })).toEqual({});
  });

  it('names each field the server would refuse', () => {
    expect(apiKeyProblems({ name: '  ', scopes: [], agentId: null })).toEqual({ name: 'Must not be blank', scopes: 'Choose at least one scope' });
    expect(apiKeyProblems({ name: 'x'.repeat(SETTINGS_LIMITS.name + 1), scopes: ['WRITE'], agentId: null })).toEqual({
      name: `Must be at most ${SETTINGS_LIMITS.name} characters`,
      agentId: 'A Write key acts as an agent: choose one',
    });
  });
});

describe('webhookUrlProblem', () => {
  it('accepts http and https URLs, and leaves private addresses to the server', () => {
    expect(webhookUrlProblem(' https://example.com/hook ')).toBeNull();
    expect(webhookUrlProblem('http://10.0.0.5:8080/hook')).toBeNull();
  });

  it('refuses what the server refuses before resolving the host', () => {
    expect(webhookUrlProblem(' ')).toBe('Give the URL that receives the events');
    expect(webhookUrlProblem(`https://example.com/${'a'.repeat(WEBHOOK_URL_MAX)}`)).toBe(`Must be at most ${WEBHOOK_URL_MAX} characters`);
    expect(webhookUrlProblem('example.com/hook')).toMatch(/^Is not a URL/);
    expect(webhookUrlProblem('ftp://example.com/')).toBe('Must be an http or https URL');
    expect(webhookUrlProblem('file:///etc/passwd')).toBe('Must be an http or https URL');
  });
});
