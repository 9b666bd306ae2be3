import type { ColumnType, Generated } from 'kysely';

/**
 * The tables as the code reads them. Timestamps are epoch milliseconds (UTC) in both dialects; JSON
 * columns are text; flags are 0/1 integers, so one query works on SQLite and Postgres alike.
 * test/db/schema.test.ts checks these against what the migrations create.
 */
export interface UsersTable {
  id: string;
  name: string;
  role: 'admin' | 'member';
  created_at: number;
  display_name: string | null;
  /** BCP 47 tag (`de-CH`) for the UI and the user's own notifications; null for the server default. */
  locale: string | null;
  /** IANA zone; null for NB_TIME_ZONE. */
  time_zone: string | null;
  /** argon2id in PHC form (`$argon2id$v=19$m=...,t=...,p=...$salt$hash`); null until a password is set. */
  password_hash: string | null;
  /** Set while the user is disabled: no session or token of theirs is accepted. */
  disabled_at: number | null;
}

export interface SetupTokensTable {
  /** SHA-256 of the one-time first-run token, hex. */
  token_hash: string;
  created_at: number;
  expires_at: number;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  /** The token's first characters, shown in listings so a user can tell tokens apart. */
  prefix: string;
  /** SHA-256 of the whole token, hex. */
  token_hash: string;
  scopes: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
  /** Refused from this time on; null for never. */
  expires_at: number | null;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  /** SHA-256 of the cookie's token, hex. */
  token_hash: string;
  created_at: number;
  /** Renewed at most once a minute; the idle expiry counts from it. */
  last_seen_at: number;
  /** The absolute expiry. */
  expires_at: number;
  user_agent: string;
}

export interface SignInFailuresTable {
  /** `name:<sign-in name>` or `address:<client address>`. */
  key: string;
  failures: number;
  last_failed_at: number;
  locked_until: number;
}

export interface SourcesTable {
  id: string;
  owner_id: string;
  kind: string;
  name: string;
  /** JSON; secret fields sealed by the secret box. */
  config: string;
  enabled: number;
  /** SHA-256 (hex) of the topic or token that compatibility routes find this source by; null for none. */
  ingress_key: string | null;
  /** How long a repeat of the same body is a duplicate, in ms; null takes the server's default. */
  body_dedup_window_ms: number | null;
  /** JSON `{code, message}` of the last request refused at this source's address; null for none. */
  last_refusal: string | null;
  last_refusal_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface EventsTable {
  id: string;
  source_id: string;
  /** The user the event belongs to: its source's owner, or for a bridge event the user it is about. */
  owner_id: string;
  type: string;
  title: string;
  body: string;
  severity: string;
  url: string | null;
  tags: string;
  data: string;
  attachments: string;
  dedup_key: string;
  occurred_at: number;
  received_at: number;
  /** JSON list of what the source left out; NULL when nothing was. */
  warnings: string | null;
}

export interface TargetsTable {
  id: string;
  owner_id: string;
  kind: string;
  name: string;
  config: string;
  /** Deliveries in flight to this target at once, per node. */
  concurrency: number;
  /** JSON RateLimit (domain/rate-limit.ts) over every node, or NULL for none. */
  rate_limit: ColumnType<string | null, string | null | undefined, string | null>;
  enabled: number;
  created_at: number;
  updated_at: number;
}

export interface ReceiversTable {
  id: string;
  target_id: string;
  name: string;
  address: string;
  options: string;
  enabled: number;
  disabled_reason: string | null;
  /** JSON QuietHoursInput (domain/quiet-hours.ts) or null. */
  quiet_hours: string | null;
  /** JSON RateLimit (domain/rate-limit.ts) over every node, or NULL for none. */
  rate_limit: ColumnType<string | null, string | null | undefined, string | null>;
  /** The member who added it to a target shared with them; NULL for the target owner's own. */
  owner_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: number;
  updated_at: number;
}

/** A target an admin shared with a user (api/target-shares.ts). */
export interface TargetSharesTable {
  target_id: string;
  user_id: string;
  created_at: number;
}

/** When a rule first let these values through to a receiver in the current dedup window. */
export interface DedupMarksTable {
  key: string;
  first_at: number;
  /** The delivery that made the mark, which may pass again; null for marks made before 0022. */
  delivery_id: string | null;
}

/** One GCRA bucket (domain/rate-limit.ts): its theoretical arrival time, epoch ms. */
export interface RateBucketsTable {
  key: string;
  tat: number;
}

export interface TemplatesTable {
  id: string;
  owner_id: string;
  name: string;
  /** JSON TemplateBodies: title, text, markdown, html. */
  bodies: string;
  version: number;
  created_at: number;
  updated_at: number;
}

export interface RulesTable {
  id: string;
  owner_id: string;
  name: string;
  enabled: number;
  priority: number;
  /** JSON string[] or null for any source. */
  source_ids: string | null;
  event_types: string;
  conditions: string;
  template_id: string | null;
  stop: number;
  max_attempts: number | null;
  /** JSON QuietHoursInput overriding the receivers', or null. */
  quiet_hours: string | null;
  /** JSON RuleDedup (domain/rule-dedup.ts), or NULL for none. */
  dedup: ColumnType<string | null, string | null | undefined, string | null>;
  /** Whose events the rule sees; 'all' counts only while its owner is an admin. Defaults to 'own'. */
  reach: ColumnType<'own' | 'all', 'own' | 'all' | undefined, 'own' | 'all'>;
  created_at: number;
  updated_at: number;
}

export interface RuleReceiversTable {
  rule_id: string;
  receiver_id: string;
}

export const deliveryStatuses = ['pending', 'sending', 'sent', 'dead', 'dropped', 'merged'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export interface DeliveriesTable {
  id: string;
  event_id: string;
  rule_id: string | null;
  receiver_id: string;
  target_id: string;
  status: DeliveryStatus;
  due_at: number;
  lease_until: number | null;
  lease_owner: string | null;
  attempts: number;
  max_attempts: number;
  /** Shared by every log line and attempt row of one dispatch of this delivery. */
  dispatch_id: string | null;
  last_error: string | null;
  provider_message_id: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

export interface AttemptsTable {
  id: string;
  delivery_id: string;
  attempt_no: number;
  dispatch_id: string;
  started_at: number;
  finished_at: number;
  outcome: 'sent' | 'retry' | 'failed';
  error_kind: string | null;
  error: string | null;
  http_status: number | null;
  provider_message_id: string | null;
  /** JSON: what the channel reported beyond the outcome (per-item results of an album, a fallback used). */
  detail: string | null;
}

export const silenceModes = ['drop', 'defer'] as const;
export type SilenceMode = (typeof silenceModes)[number];

/** "Don't notify this receiver (about these event types) until ends_at": drop, or defer until then. */
export interface SilencesTable {
  id: string;
  owner_id: string;
  receiver_id: string;
  /** JSON string[] of event type globs, or null for every event. */
  event_types: string | null;
  mode: SilenceMode;
  ends_at: number;
  comment: string;
  /** Who made it: `ui:<user id>` (a session), `api:<user id>` (a token) or a bot command such as `telegram:<chat id>:<user id>`. */
  created_by: string;
  created_at: number;
}

/** Small durable state a channel keeps per target (a bot's update offset, cached file ids). */
export interface ChannelStateTable {
  target_id: string;
  key: string;
  value: string;
  updated_at: number;
}

/** A chat (or other addressee) that contacted a target and could become one of its receivers. */
export interface ReceiverCandidatesTable {
  target_id: string;
  /** The channel's identity of the addressee, e.g. a chat id plus topic. */
  key: string;
  /** JSON: a ready receiver address for this candidate. */
  address: string;
  title: string;
  chat_type: string;
  /** JSON: what else the channel knows (topics, username). */
  detail: string;
  last_seen_at: number;
}

/** Work only one node may do at a time (a bot's long polling), held by renewing a lease. */
export interface LeasesTable {
  name: string;
  owner: string;
  lease_until: number;
}

export interface SettingsTable {
  key: string;
  value: string;
}

/** One entry of a realtime stream (realtime/stream-entry.ts); ids increase in commit order. */
export interface StreamEntriesTable {
  id: Generated<number>;
  stream: string;
  /** Whose stream it is in: the event's or the target's owner, or the topic's. */
  owner_id: string;
  topic_id: string | null;
  type: string;
  /** JSON. */
  data: string;
  created_at: number;
  /** What published it, when a retry must not publish it twice (a topic entry: its delivery id). */
  dedup_key: Generated<string | null>;
}

/** A named stream apps subscribe to (realtime/topics/); a `topic` target's receivers publish to it. */
export interface TopicsTable {
  id: string;
  owner_id: string;
  /** Unique across all users: subscribers name it in a URL. */
  name: string;
  /** `public`: anyone may subscribe; `token`: a subscriber token naming it is needed. */
  access: string;
  /** 0: only rules publish to it; nobody subscribes from outside (its stream answers 404). */
  external: number;
  description: string;
  created_at: number;
  updated_at: number;
}

/** A key that signs subscriber tokens; the newest unretired one signs, every one kept verifies. */
export interface TopicSigningKeysTable {
  /** The `kid` a token names. */
  id: string;
  /** 32 random bytes, base64, sealed. */
  secret: string;
  created_at: number;
  /** When a rotation made another key current; deleted once every token it signed has expired. */
  retired_at: number | null;
}

/** One row: every entry with an id up to deleted_through is gone (retention). */
export interface StreamHorizonTable {
  id: number;
  deleted_through: number;
}

export interface AuditLogTable {
  /** ULID: the list's cursor. */
  id: string;
  at: number;
  /** The user who acted; null when nobody proved who they are (a failed sign-in). */
  actor_id: string | null;
  /** How the actor authenticated: session, token, setup, cli, oidc, proxy, password, system. */
  via: string;
  /** The client address, for requests. */
  address: string | null;
  /** `<resource type>.<verb>`, e.g. `source.update`, `sign-in.failed`. */
  action: string;
  resource_type: string | null;
  resource_id: string | null;
  /** JSON: a redacted diff (`before`/`after`/`changed`) and details; null for none. */
  changes: string | null;
}

export interface UserIdentitiesTable {
  /** The OpenID Connect issuer URL, or `proxy` for a trusted reverse proxy's Remote-User. */
  issuer: string;
  /** The ID token's `sub`, or the Remote-User header. */
  subject: string;
  user_id: string;
  created_at: number;
  last_seen_at: number;
}

export interface OidcLoginsTable {
  /** SHA-256 of the `state` sent to the provider, hex; the state itself is in the browser's cookie. */
  state_hash: string;
  nonce: string;
  /** The PKCE code verifier, sealed. */
  code_verifier: string;
  redirect_uri: string;
  expires_at: number;
}

export interface Schema {
  users: UsersTable;
  setup_tokens: SetupTokensTable;
  sessions: SessionsTable;
  sign_in_failures: SignInFailuresTable;
  api_tokens: ApiTokensTable;
  sources: SourcesTable;
  events: EventsTable;
  targets: TargetsTable;
  receivers: ReceiversTable;
  target_shares: TargetSharesTable;
  rate_buckets: RateBucketsTable;
  dedup_marks: DedupMarksTable;
  templates: TemplatesTable;
  rules: RulesTable;
  rule_receivers: RuleReceiversTable;
  deliveries: DeliveriesTable;
  attempts: AttemptsTable;
  silences: SilencesTable;
  channel_state: ChannelStateTable;
  receiver_candidates: ReceiverCandidatesTable;
  leases: LeasesTable;
  settings: SettingsTable;
  stream_entries: StreamEntriesTable;
  stream_horizon: StreamHorizonTable;
  topics: TopicsTable;
  topic_signing_keys: TopicSigningKeysTable;
  audit_log: AuditLogTable;
  user_identities: UserIdentitiesTable;
  oidc_logins: OidcLoginsTable;
}

/**
 * Every column of every table, checked by the compiler against the interfaces above (a missing or extra
 * key fails type checking) and by test/db/schema.test.ts against what the migrations create.
 */
export const schemaColumns: { [T in keyof Schema]: { [C in keyof Schema[T]]-?: true } } = {
  users: {
    id: true,
    name: true,
    role: true,
    created_at: true,
    display_name: true,
    locale: true,
    time_zone: true,
    password_hash: true,
    disabled_at: true,
  },
  setup_tokens: { token_hash: true, created_at: true, expires_at: true },
  api_tokens: {
    id: true,
    user_id: true,
    name: true,
    prefix: true,
    token_hash: true,
    scopes: true,
    created_at: true,
    last_used_at: true,
    revoked_at: true,
    expires_at: true,
  },
  sessions: {
    id: true,
    user_id: true,
    token_hash: true,
    created_at: true,
    last_seen_at: true,
    expires_at: true,
    user_agent: true,
  },
  sign_in_failures: { key: true, failures: true, last_failed_at: true, locked_until: true },
  sources: {
    id: true,
    owner_id: true,
    kind: true,
    name: true,
    config: true,
    enabled: true,
    ingress_key: true,
    body_dedup_window_ms: true,
    last_refusal: true,
    last_refusal_at: true,
    created_at: true,
    updated_at: true,
  },
  events: {
    id: true,
    source_id: true,
    owner_id: true,
    type: true,
    title: true,
    body: true,
    severity: true,
    url: true,
    tags: true,
    data: true,
    attachments: true,
    dedup_key: true,
    occurred_at: true,
    received_at: true,
    warnings: true,
  },
  targets: {
    id: true,
    owner_id: true,
    kind: true,
    name: true,
    config: true,
    concurrency: true,
    rate_limit: true,
    enabled: true,
    created_at: true,
    updated_at: true,
  },
  receivers: {
    id: true,
    target_id: true,
    name: true,
    address: true,
    options: true,
    enabled: true,
    disabled_reason: true,
    quiet_hours: true,
    rate_limit: true,
    owner_id: true,
    created_at: true,
    updated_at: true,
  },
  target_shares: { target_id: true, user_id: true, created_at: true },
  rate_buckets: { key: true, tat: true },
  dedup_marks: { key: true, first_at: true, delivery_id: true },
  templates: {
    id: true,
    owner_id: true,
    name: true,
    bodies: true,
    version: true,
    created_at: true,
    updated_at: true,
  },
  rules: {
    id: true,
    owner_id: true,
    name: true,
    enabled: true,
    priority: true,
    source_ids: true,
    event_types: true,
    conditions: true,
    template_id: true,
    stop: true,
    max_attempts: true,
    quiet_hours: true,
    dedup: true,
    reach: true,
    created_at: true,
    updated_at: true,
  },
  rule_receivers: { rule_id: true, receiver_id: true },
  deliveries: {
    id: true,
    event_id: true,
    rule_id: true,
    receiver_id: true,
    target_id: true,
    status: true,
    due_at: true,
    lease_until: true,
    lease_owner: true,
    attempts: true,
    max_attempts: true,
    dispatch_id: true,
    last_error: true,
    provider_message_id: true,
    created_at: true,
    updated_at: true,
    finished_at: true,
  },
  attempts: {
    id: true,
    delivery_id: true,
    attempt_no: true,
    dispatch_id: true,
    started_at: true,
    finished_at: true,
    outcome: true,
    error_kind: true,
    error: true,
    http_status: true,
    provider_message_id: true,
    detail: true,
  },
  silences: {
    id: true,
    owner_id: true,
    receiver_id: true,
    event_types: true,
    mode: true,
    ends_at: true,
    comment: true,
    created_by: true,
    created_at: true,
  },
  channel_state: { target_id: true, key: true, value: true, updated_at: true },
  receiver_candidates: {
    target_id: true,
    key: true,
    address: true,
    title: true,
    chat_type: true,
    detail: true,
    last_seen_at: true,
  },
  leases: { name: true, owner: true, lease_until: true },
  settings: { key: true, value: true },
  stream_entries: {
    id: true,
    stream: true,
    owner_id: true,
    topic_id: true,
    type: true,
    data: true,
    created_at: true,
    dedup_key: true,
  },
  stream_horizon: { id: true, deleted_through: true },
  topics: {
    id: true,
    owner_id: true,
    name: true,
    access: true,
    external: true,
    description: true,
    created_at: true,
    updated_at: true,
  },
  topic_signing_keys: { id: true, secret: true, created_at: true, retired_at: true },
  audit_log: {
    id: true,
    at: true,
    actor_id: true,
    via: true,
    address: true,
    action: true,
    resource_type: true,
    resource_id: true,
    changes: true,
  },
  user_identities: { issuer: true, subject: true, user_id: true, created_at: true, last_seen_at: true },
  oidc_logins: { state_hash: true, nonce: true, code_verifier: true, redirect_uri: true, expires_at: true },
};
