import { createHash, timingSafeEqual } from 'node:crypto';
import type * as OpenIdClient from 'openid-client';
import type { OidcConfig } from '../config.ts';
import type { Database } from '../db/open-database.ts';
import type { Clock } from '../domain/clock.ts';
import { BridgeError } from '../errors.ts';
import { asFetch } from '../security/http/as-fetch.ts';
import type { HttpClient } from '../security/http/http-client.ts';
import type { SecretBox } from '../security/secret-box.ts';
import { groupsOfClaim, roleForGroups } from './external-groups.ts';
import type { ExternalIdentity } from './identities.ts';

// Loaded on the first sign-in, not at start: ~40 ms of every start (and of every CLI command) for the
// installations that do not use OpenID Connect.
let library: Promise<typeof OpenIdClient> | undefined;
const openIdClient = () => (library ??= import('openid-client'));

/** How long a started sign-in may take at the issuer. */
export const oidcLoginTtlMs = 10 * 60 * 1000;

/**
 * OpenID Connect sign-in with openid-client: the authorization-code flow with PKCE (S256), state and
 * nonce. The state goes to the browser in a cookie and to the issuer in the URL; the server keeps its
 * SHA-256 with the nonce and the sealed code verifier, and the callback takes that row once, so a state
 * works for one callback, from the browser that started it, within ten minutes. The issuer's discovery
 * document, keys, token and userinfo endpoints are fetched through the SSRF-guarded client.
 */
export class OidcSignIn {
  readonly #settings: OidcConfig;
  readonly #database: Database;
  readonly #clock: Clock;
  readonly #box: SecretBox;
  readonly #http: HttpClient;
  #configuration: Promise<OpenIdClient.Configuration> | undefined;

  constructor(options: {
    settings: OidcConfig;
    database: Database;
    clock: Clock;
    secretBox: SecretBox;
    http: HttpClient;
  }) {
    this.#settings = options.settings;
    this.#database = options.database;
    this.#clock = options.clock;
    this.#box = options.secretBox;
    this.#http = options.http;
  }

  get issuer(): string {
    return this.#settings.issuer;
  }

  /** Where to send the browser, and the state for its cookie. */
  async begin(redirectUri: string): Promise<{ url: string; state: string }> {
    const configuration = await this.#discovered();
    const oidc = await openIdClient();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const verifier = oidc.randomPKCECodeVerifier();
    const now = this.#clock.now();
    const stateHash = hashState(state);
    await this.#database.db.deleteFrom('oidc_logins').where('expires_at', '<=', now).execute();
    await this.#database.db
      .insertInto('oidc_logins')
      .values({
        state_hash: stateHash,
        nonce,
        code_verifier: this.#box.seal(verifier, {
          table: 'oidc_logins',
          rowId: stateHash,
          column: 'code_verifier',
        }),
        redirect_uri: redirectUri,
        expires_at: now + oidcLoginTtlMs,
      })
      .execute();
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: this.#settings.scopes,
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state };
  }

  /**
   * The callback: checks the state against the browser's cookie and takes the stored sign-in, redeems the
   * code (openid-client checks the ID token's signature, issuer, audience, expiry and nonce), reads the
   * claims, and answers who it is and the role their groups give. NB_ERR_SIGN_IN_FAILED when a check
   * fails, NB_ERR_SIGN_IN_DENIED when the groups give no way in.
   */
  async finish(query: URLSearchParams, cookieState: string | undefined): Promise<ExternalIdentity> {
    const state = query.get('state') ?? '';
    if (!cookieState || !sameText(state, cookieState)) {
      throw failed('the sign-in was not started in this browser, or its state does not match; start again');
    }
    const row = await this.#database.db
      .deleteFrom('oidc_logins')
      .where('state_hash', '=', hashState(state))
      .returningAll()
      .executeTakeFirst();
    if (!row || row.expires_at <= this.#clock.now()) {
      throw failed(
        'the sign-in has expired or was used already (it works once, for 10 minutes); start again',
      );
    }
    const configuration = await this.#discovered();
    const oidc = await openIdClient();
    const callbackUrl = new URL(row.redirect_uri);
    callbackUrl.search = query.toString();
    const verifier = this.#box.open(row.code_verifier, {
      table: 'oidc_logins',
      rowId: row.state_hash,
      column: 'code_verifier',
    });
    let claims: Record<string, unknown>;
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: verifier,
        expectedState: state,
        expectedNonce: row.nonce,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims()!;
      claims = { ...idClaims };
      if (configuration.serverMetadata().userinfo_endpoint) {
        const info = await oidc.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
        // The ID token's own claims win: they are signed; userinfo adds what the token left out.
        claims = { ...info, ...idClaims };
      }
    } catch (error) {
      throw failed(`the issuer's answer did not pass: ${describe(error)}`);
    }
    const groups = groupsOfClaim(claims[this.#settings.groupsClaim]);
    const role = roleForGroups(groups, this.#settings);
    if (!role) {
      throw new BridgeError(
        'NB_ERR_SIGN_IN_DENIED',
        'you are signed in at the identity provider, but not in a group allowed here; ask an admin',
      );
    }
    return {
      issuer: this.#settings.issuer,
      subject: String(claims.sub),
      preferredName: stringClaim(claims.preferred_username) ?? stringClaim(claims.email),
      displayName: stringClaim(claims.name),
      role,
    };
  }

  /** Discovery once; a failure is not kept, so the next sign-in tries again. */
  #discovered(): Promise<OpenIdClient.Configuration> {
    this.#configuration ??= this.#discover().catch((error: unknown) => {
      this.#configuration = undefined;
      throw new BridgeError(
        'NB_ERR_UNAVAILABLE',
        `the OpenID Connect issuer cannot be reached or read (${describe(error)}); check NB_OIDC_ISSUER, and NB_ALLOW_PRIVATE for an issuer on a private address`,
      );
    });
    return this.#configuration;
  }

  async #discover(): Promise<OpenIdClient.Configuration> {
    const oidc = await openIdClient();
    const issuer = new URL(this.#settings.issuer);
    return oidc.discovery(
      issuer,
      this.#settings.clientId,
      undefined,
      oidc.ClientSecretBasic(this.#settings.clientSecret),
      {
        [oidc.customFetch]: asFetch(this.#http, { timeoutMs: 10_000, maxResponseBytes: 1 << 20 }),
        // config.ts allows http:// only for an issuer on localhost.
        ...(issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {}),
      },
    );
  }
}

function hashState(state: string): string {
  return createHash('sha256').update(state, 'utf8').digest('hex');
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

function failed(message: string): BridgeError {
  return new BridgeError('NB_ERR_SIGN_IN_FAILED', message);
}

function stringClaim(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** An error's own words, short: openid-client's messages name the check, never a token or secret. */
function describe(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  return `${typeof code === 'string' ? `${code}: ` : ''}${message}`.slice(0, 200);
}
