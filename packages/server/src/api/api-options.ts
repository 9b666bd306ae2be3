import type { OidcSignIn } from '../auth/oidc-sign-in.ts';
import type { ProxyIdentify } from '../auth/proxy-headers.ts';
import type { Bootstrap } from '../bootstrap.ts';
import type { Config, EffectiveSetting } from '../config.ts';
import type { Database } from '../db/open-database.ts';
import type { Dispatcher } from '../delivery/dispatcher.ts';
import type { Clock } from '../domain/clock.ts';
import type { Ingestor } from '../ingest/ingestor.ts';
import type { Router } from '../ingest/router.ts';
import type { SourceCache } from '../ingest/source-cache.ts';
import type { StreamBroadcaster } from '../realtime/broadcaster.ts';
import type { Renderer } from '../render/renderer.ts';
import type { HttpClient } from '../security/http/http-client.ts';
import type { SecretBox } from '../security/secret-box.ts';

/** What the REST API needs from the rest of the service; built in app.ts. */
export interface ApiOptions {
  database: Database;
  clock: Clock;
  secretBox: SecretBox;
  /** Call `refresh()` after any change to rules, receivers or targets. */
  router: Router;
  renderer: Renderer;
  ingestor: Ingestor;
  /** `wake()` after creating deliveries outside the ingestor (replay). */
  dispatcher: Dispatcher;
  /** `invalidate(id)` after a source changes. */
  sources: SourceCache;
  http: HttpClient;
  boot: Bootstrap;
  /** maxAttempts for replayed deliveries whose rule sets none; sendTimeoutMs for test messages. */
  dispatch: Config['dispatch'];
  /** Idle and absolute session expiry. */
  sessions: Config['sessions'];
  /** `committed()` after a write that appended stream entries outside the ingestor and dispatcher. */
  broadcaster: StreamBroadcaster;
  /** NB_SUBSCRIBER_TOKEN_TTL_*: what a topic token's lifetime is clamped to. */
  subscriberTokenTtl: Config['streams']['subscriberTokenTtl'];
  /** NB_PUBLIC_URL: makes the session cookie Secure when https, and is an origin of this server. */
  publicUrl: string | undefined;
  /** OpenID Connect sign-in, when NB_OIDC_ISSUER is set. */
  oidc: OidcSignIn | undefined;
  /** Sign-in by a trusted reverse proxy's headers, when NB_TRUSTED_PROXIES is set. */
  proxyIdentity: ProxyIdentify | undefined;
  /** The settings in force, secrets hidden, for the settings page. */
  effective: readonly EffectiveSetting[];
}
