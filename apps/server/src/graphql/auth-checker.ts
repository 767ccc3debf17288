import type { AuthCheckerFn } from 'type-graphql';
import type { AgentRole } from '../modules/agents/agent.entity.js';
import { hasRole } from '../modules/auth/actor.js';
import type { Context } from './context.js';
import { forbidden, unauthenticated } from '../errors.js';

/** `@Authorized()` needs a signed-in actor; `@Authorized('ADMIN')` that role or above. */
export const authChecker: AuthCheckerFn<Context, AgentRole> = ({ context }, roles) => {
  const { actor } = context;
  if (!actor) throw unauthenticated();
  if (roles.length > 0 && !roles.some((role) => hasRole(actor, role))) {
    throw forbidden(`Only ${roles.join(' or ')} agents may do this`);
  }
  return true;
};
