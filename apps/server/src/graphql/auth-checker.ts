import type { GraphQLResolveInfo } from 'graphql';
import type { AuthCheckerFn } from 'type-graphql';
import { forbidden, unauthenticated } from '../errors.js';
import type { AgentRole } from '../modules/agents/agent.entity.js';
import { ApiScope, hasRole, READ_KEYS, type KeyActor, type Requirement } from '../modules/auth/actor.js';
import type { Context } from './context.js';

/**
 * Who may call what (DESIGN.md, "Security"), checked on every `@Authorized` field of every
 * transport: `@Authorized()` needs a caller, `@Authorized('ADMIN')` that role or above. API keys
 * by scope: ADMIN everything; READ queries and subscriptions that need no role or name READ_KEYS; INGEST only what
 * a channel gateway does; WRITE what its bound agent may do, as that agent.
 */
export const authChecker: AuthCheckerFn<Context, Requirement> = ({ context, info, args }, requirements) => {
  const { actor } = context;
  const roles = requirements.filter((requirement): requirement is AgentRole => requirement !== READ_KEYS);
  if (!actor) throw unauthenticated();
  if (actor.kind === 'agent') {
    if (roles.length > 0 && !roles.some((role) => hasRole(actor, role))) throw forbidden(`Only ${roles.join(' or ')} agents may do this`);
    return true;
  }
  if (!keyMay(actor, info, args as Record<string, unknown>, roles, requirements.includes(READ_KEYS))) {
    throw forbidden(`This API key (scopes ${actor.scopes.join(', ')}) may not use ${info.parentType.name}.${info.fieldName}`);
  }
  return true;
};

/** What a channel gateway does: ingest, report delivery, follow replies (and read the cursor and the clock). */
const INGEST_FIELDS = new Set(['Mutation.receiveMessage', 'Mutation.setMessageDelivery', 'Query.eventCursor', 'Query.serverTime']);

function keyMay(actor: KeyActor, info: GraphQLResolveInfo, args: Record<string, unknown>, roles: readonly AgentRole[], readKeys: boolean): boolean {
  const has = (scope: ApiScope) => actor.scopes.includes(scope);
  if (has(ApiScope.ADMIN)) return true;
  const coordinate = `${info.parentType.name}.${info.fieldName}`;
  if (has(ApiScope.INGEST) && (INGEST_FIELDS.has(coordinate) || followsReplies(coordinate, args))) return true;
  if (has(ApiScope.READ) && info.operation.operation !== 'mutation' && (roles.length === 0 || readKeys)) return true;
  const agent = actor.agent;
  return has(ApiScope.WRITE) && agent !== null && (roles.length === 0 || roles.some((role) => hasRole(agent, role)));
}

/** `threadEvents(types: [REPLIED])`: how a gateway learns what to deliver. */
function followsReplies(coordinate: string, args: Record<string, unknown>): boolean {
  const types = args.types;
  return coordinate === 'Subscription.threadEvents' && Array.isArray(types) && types.length === 1 && types[0] === 'REPLIED';
}
