import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { ApiScope } from '../auth/actor.js';

registerEnumType(ApiScope, {
  name: 'ApiScope',
  description: 'READ: queries and subscriptions. INGEST: receiveMessage, setMessageDelivery, threadEvents(types: [REPLIED]). WRITE: act as the bound agent. ADMIN: everything.',
});

/** An API key as listed: never its secret, which only createApiKey shows, once. */
@ObjectType()
export class ApiKey {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => [ApiScope])
  scopes!: ApiScope[];

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  lastUsedAt!: Date | null;

  /** Resolved by the resolver (`agent`). */
  agentId!: string | null;
}

@ObjectType()
export class ApiKeyPayload {
  @Field({ description: 'Shown once; store it. Sent as `Authorization: Bearer <key>`.' })
  key!: string;

  @Field(() => ApiKey)
  apiKey!: ApiKey;
}

export interface ApiKeyRow {
  id: string;
  name: string;
  scopes: ApiScope[];
  agent_id: string | null;
  created_at: Date;
  last_used_at: Date | null;
}

export function apiKeyFromRow(row: ApiKeyRow): ApiKey {
  return Object.assign(new ApiKey(), {
    id: row.id, name: row.name, scopes: row.scopes, agentId: row.agent_id, createdAt: row.created_at, lastUsedAt: row.last_used_at,
  });
}
