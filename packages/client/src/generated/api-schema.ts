// Generated from the server's OpenAPI document by `npm run client:generate`; do not edit.
// A test (packages/client/test/generated-schema.test.ts) fails when it is not current.

export interface paths {
    "/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The web UI */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description text/html, or a file of the UI */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
            };
        };
        /**
         * ntfy compatibility: /
         * @description Accepts messages from anything that publishes to ntfy (PUT/POST /ntfy/<topic>, JSON to /). Finds its `ntfy` source by the key in the request, authenticates with that source's credentials and answers in the sender's own protocol (see the README).
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        /**
         * ntfy compatibility: /
         * @description Accepts messages from anything that publishes to ntfy (PUT/POST /ntfy/<topic>, JSON to /). Finds its `ntfy` source by the key in the request, authenticates with that source's credentials and answers in the sender's own protocol (see the README).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/{*}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The web UI's pages and files */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    "*": string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description text/html, or a file of the UI */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The audit log, newest first (an admin scope sees everyone’s; others their own actions)
         * @description Kept for NB_AUDIT_RETENTION_DAYS (default 90). Filters combine with AND.
         */
        get: {
            parameters: {
                query?: {
                    /** @description An action (`source.update`), or a prefix ending in `.*` (`sign-in.*`). */
                    action?: string;
                    /** @description A ULID. */
                    actor?: string;
                    /** @description The `nextCursor` of the previous page; absent for the newest. */
                    cursor?: string;
                    limit?: number;
                    /** @description A ULID. */
                    resourceId?: string;
                    resourceType?: "source" | "target" | "receiver" | "rule" | "template" | "silence" | "user" | "token" | "session" | "delivery";
                    /** @description Entries at or after this time. */
                    since?: string;
                    /** @description Entries before this time. */
                    until?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description `<resource type>.<verb>` or a sign-in event, e.g. `sign-in.failed`. */
                                action: string;
                                /** @description The user who acted; null when nobody proved who they are (a failed sign-in, the CLI). */
                                actorId: string | null;
                                /** @description The client address. */
                                address: string | null;
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                at: string;
                                /** @description What changed, as the API shows the resource (so never a secret): `after` for a create, `before` for a delete, `changed` (`{"config.url": {"from": ..., "to": ...}}`) for an update, and `detail`. */
                                changes: {
                                    [key: string]: unknown;
                                } | null;
                                /** @description A ULID. */
                                id: string;
                                resourceId: string | null;
                                resourceType: string | null;
                                /** @description How the actor authenticated: session, token, password, setup, cli, oidc, proxy, bot. */
                                via: string;
                            }[];
                            /** @description null on the last page. */
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/methods": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How one can sign in here: password, OpenID Connect, or the first-run setup link */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Sign-in through the OpenID Connect issuer (NB_OIDC_ISSUER is set). */
                            oidc: boolean;
                            /** @description Sign-in with a name and password (always on). */
                            password: boolean;
                            /** @description Nobody can sign in yet: the first admin comes from the setup link the server printed. */
                            setupPending: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/oidc/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Where the identity provider sends the browser back; signs in and redirects to /
         * @description Checks the state against the cookie (once, within 10 minutes), redeems the code with the PKCE verifier, checks the ID token and nonce and the groups (NB_OIDC_ALLOWED_GROUPS, NB_OIDC_ADMIN_GROUP), makes the user on the first sign-in, and sets the session cookie.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A redirect (Location). */
                302: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/oidc/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Start signing in with OpenID Connect: redirects to the identity provider
         * @description Sets a short-lived cookie with the state (10 minutes, this path only) and redirects to the issuer with PKCE (S256), state and nonce. 404 when OpenID Connect is not configured; 429 after 10 starts a minute from one address.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A redirect (Location). */
                302: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the user’s sessions, newest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                createdAt: string;
                                /** @description The session this request came with. */
                                current: boolean;
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                expiresAt: string;
                                /** @description A ULID. */
                                id: string;
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                lastSeenAt: string;
                                userAgent: string;
                            }[];
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** End one of the user’s sessions */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No body. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sign-in": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with a name and password; sets the session cookie
         * @description Needs the `X-Notify-Bridge: 1` header and an `Origin` of this server, like every signed-in change. Unknown names and wrong passwords get the same 401. Failures are counted per name and per client address: 5 in a row lock the name for 1 minute, doubling up to 1 hour (20 for an address), answered 429 with `Retry-After`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The sign-in name: letters, digits, `._@-`; stored lower case. */
                        name: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            session: {
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                expiresAt: string;
                                /** @description A ULID. */
                                id: string;
                            };
                            user: {
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                createdAt: string;
                                /** @description A disabled user’s sessions and tokens are refused. */
                                disabled: boolean;
                                displayName: string;
                                /** @description A ULID. */
                                id: string;
                                locale: string | null;
                                name: string;
                                /** @description `admin` manages everything, users included; `member` their own resources. */
                                role: "admin" | "member";
                                timeZone: string | null;
                            };
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sign-out": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End this session and clear its cookie */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No body. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/sign-out-everywhere": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End every session of the user, this one included */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No body. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List deliveries, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description The `nextCursor` of the previous page; absent for the newest. */
                    cursor?: string;
                    /** @description A ULID. */
                    eventId?: string;
                    limit?: number;
                    /** @description A ULID. */
                    receiverId?: string;
                    status?: "pending" | "sending" | "sent" | "dead" | "dropped" | "merged";
                    /** @description A ULID. */
                    targetId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description Attempts counted against maxAttempts, since the delivery was made or last replayed. */
                                attempts: number;
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                createdAt: string;
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                dueAt: string;
                                /** @description A ULID. */
                                eventId: string;
                                finishedAt: string | null;
                                /** @description A ULID. */
                                id: string;
                                /** @description Why the last attempt since the delivery was made or last replayed failed, or why a gate holds it back; null otherwise. */
                                lastError: string | null;
                                maxAttempts: number;
                                providerMessageId: string | null;
                                /** @description A ULID. */
                                receiverId: string;
                                /** @description null once the rule is deleted. */
                                ruleId: string | null;
                                /** @enum {unknown} */
                                status: "pending" | "sending" | "sent" | "dead" | "dropped" | "merged";
                                /** @description A ULID. */
                                targetId: string;
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                updatedAt: string;
                            }[];
                            /** @description null on the last page. */
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deliveries/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a delivery with its attempts, oldest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attempts: {
                                /** @description 1, 2, 3… over the delivery's whole life: a replay continues the numbers. */
                                attemptNo: number;
                                /** @description What the channel reported beyond the outcome, or null: per-item results of a media group (sent, skipped, failed, with reasons), a plain-text fallback. */
                                detail: unknown;
                                dispatchId: string;
                                error: string | null;
                                errorKind: string | null;
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                finishedAt: string;
                                /** @description The far side's HTTP status, whatever the outcome (200 for a webhook sink that accepted); null when no answer came, or from a channel that does not see it (Telegram's client library hides it on success). */
                                httpStatus: number | null;
                                /** @description A ULID. */
                                id: string;
                                /** @enum {unknown} */
                                outcome: "sent" | "retry" | "failed";
                                providerMessageId: string | null;
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                startedAt: string;
                            }[];
                            delivery: {
                                /** @description Attempts counted against maxAttempts, since the delivery was made or last replayed. */
                                attempts: number;
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                createdAt: string;
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                dueAt: string;
                                /** @description A ULID. */
                                eventId: string;
                                finishedAt: string | null;
                                /** @description A ULID. */
                                id: string;
                                /** @description Why the last attempt since the delivery was made or last replayed failed, or why a gate holds it back; null otherwise. */
                                lastError: string | null;
                                maxAttempts: number;
                                providerMessageId: string | null;
                                /** @description A ULID. */
                                receiverId: string;
                                /** @description null once the rule is deleted. */
                                ruleId: string | null;
                                /** @enum {unknown} */
                                status: "pending" | "sending" | "sent" | "dead" | "dropped" | "merged";
                                /** @description A ULID. */
                                targetId: string;
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deliveries/{id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a dead or dropped delivery again
         * @description Pending again, due now, with a fresh count of attempts and no lastError; its attempts keep their history and the next is numbered after them. Other statuses answer 409.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Attempts counted against maxAttempts, since the delivery was made or last replayed. */
                            attempts: number;
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            createdAt: string;
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            dueAt: string;
                            /** @description A ULID. */
                            eventId: string;
                            finishedAt: string | null;
                            /** @description A ULID. */
                            id: string;
                            /** @description Why the last attempt since the delivery was made or last replayed failed, or why a gate holds it back; null otherwise. */
                            lastError: string | null;
                            maxAttempts: number;
                            providerMessageId: string | null;
                            /** @description A ULID. */
                            receiverId: string;
                            /** @description null once the rule is deleted. */
                            ruleId: string | null;
                            /** @enum {unknown} */
                            status: "pending" | "sending" | "sent" | "dead" | "dropped" | "merged";
                            /** @description A ULID. */
                            targetId: string;
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deliveries/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send several dead or dropped deliveries again
         * @description What POST /deliveries/{id}/replay does, for up to 500 deliveries in one transaction, with one audit entry per delivery replayed. Answers an outcome per id, as every bulk route does: done (pending again, due now), unchanged (neither dead nor dropped, left as it is), not_found (none you may see; never touched).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The deliveries to replay: dead or dropped ones are, the others answer unchanged. */
                        ids: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description One per id, in the order of the request. */
                            items: {
                                /** @description A ULID. */
                                id: string;
                                /** @description Why, for not_found and forbidden. */
                                message?: string;
                                /**
                                 * @description done: changed (one audit entry); unchanged: already so (no entry); not_found: no such row you may see (another owner's answers so too, untouched); forbidden: a row that cannot be changed so (a built-in source; a rule reaching everyone's events without the admin scope).
                                 * @enum {unknown}
                                 */
                                outcome: "done" | "unchanged" | "not_found" | "forbidden";
                            }[];
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List events, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description The `nextCursor` of the previous page; absent for the newest. */
                    cursor?: string;
                    limit?: number;
                    /** @description Full-text search: events with every word of q in their title, type, tags or body (the first 100,000 characters). Plain words: quotes, `*`, `AND`, `NEAR(` and the like are not operators. With q, SQLite lists events newest stored first. */
                    q?: string;
                    severity?: "debug" | "info" | "warning" | "error" | "critical";
                    /** @description Received at or after (ISO-8601). */
                    since?: string;
                    /** @description A ULID. */
                    sourceId?: string;
                    /** @description Exact event type. */
                    type?: string;
                    /** @description Received before (ISO-8601). */
                    until?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                attachments: {
                                    [key: string]: unknown;
                                }[];
                                body: string;
                                data: unknown;
                                dedupKey: string;
                                /** @description A ULID. */
                                id: string;
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                occurredAt: string;
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                receivedAt: string;
                                /** @enum {unknown} */
                                severity: "debug" | "info" | "warning" | "error" | "critical";
                                /** @description A ULID. */
                                sourceId: string;
                                tags: string[];
                                title: string;
                                type: string;
                                url: string | null;
                                /** @description What the source had to leave out of the event, e.g. attachments over the cap. */
                                warnings: string[];
                            }[];
                            /** @description null on the last page. */
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/events/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an event with its deliveries */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            deliveries: {
                                /** @description Attempts counted against maxAttempts, since the delivery was made or last replayed. */
                                attempts: number;
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                createdAt: string;
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                dueAt: string;
                                /** @description A ULID. */
                                eventId: string;
                                finishedAt: string | null;
                                /** @description A ULID. */
                                id: string;
                                /** @description Why the last attempt since the delivery was made or last replayed failed, or why a gate holds it back; null otherwise. */
                                lastError: string | null;
                                maxAttempts: number;
                                providerMessageId: string | null;
                                /** @description A ULID. */
                                receiverId: string;
                                /** @description null once the rule is deleted. */
                                ruleId: string | null;
                                /** @enum {unknown} */
                                status: "pending" | "sending" | "sent" | "dead" | "dropped" | "merged";
                                /** @description A ULID. */
                                targetId: string;
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                updatedAt: string;
                            }[];
                            event: {
                                attachments: {
                                    [key: string]: unknown;
                                }[];
                                body: string;
                                data: unknown;
                                dedupKey: string;
                                /** @description A ULID. */
                                id: string;
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                occurredAt: string;
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                receivedAt: string;
                                /** @enum {unknown} */
                                severity: "debug" | "info" | "warning" | "error" | "critical";
                                /** @description A ULID. */
                                sourceId: string;
                                tags: string[];
                                title: string;
                                type: string;
                                url: string | null;
                                /** @description What the source had to leave out of the event, e.g. attachments over the cap. */
                                warnings: string[];
                            };
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/events/{id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Route a stored event again
         * @description Makes new pending deliveries for the rules that match the event now; earlier deliveries stay as they are.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The new pending deliveries. */
                            deliveryIds: string[];
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/kinds/channels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the kinds of channels (targets) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description A JSON Schema (draft 2020-12). */
                                addressSchema: unknown;
                                /** @description Two-way: chats that write to a target of this kind are offered as receivers at GET /targets/{id}/candidates. */
                                candidates: boolean;
                                /** @description A JSON Schema (draft 2020-12). */
                                configSchema: unknown;
                                description: string;
                                /** @description Best first. */
                                formats: ("text" | "markdown" | "html")[];
                                kind: string;
                                limits: {
                                    attachmentsMax?: number;
                                    bytesMax?: number;
                                    captionMax?: number;
                                    /** @description The far side's own rate limits, enforced beside the user's. */
                                    rate?: {
                                        receiver?: {
                                            /** @description How many may go at once after a quiet spell; default `count`. */
                                            burst?: number;
                                            /** @description Messages per period. */
                                            count: number;
                                            /**
                                             * @description second, minute, hour or day.
                                             * @enum {unknown}
                                             */
                                            per: "second" | "minute" | "hour" | "day";
                                        };
                                        target?: {
                                            /** @description How many may go at once after a quiet spell; default `count`. */
                                            burst?: number;
                                            /** @description Messages per period. */
                                            count: number;
                                            /**
                                             * @description second, minute, hour or day.
                                             * @enum {unknown}
                                             */
                                            per: "second" | "minute" | "hour" | "day";
                                        };
                                    };
                                    textMax?: number;
                                    titleMax?: number;
                                };
                                /** @description Write-only config fields. */
                                secretFields: string[];
                            }[];
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/kinds/sources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the kinds of sources */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description Created by the bridge; cannot be created or deleted through the API. */
                                builtIn: boolean;
                                /** @description A JSON Schema (draft 2020-12). */
                                configSchema: unknown;
                                description: string;
                                /** @description The event types this kind makes, a glob for an open-ended family (`github.**`), for rule editors to offer. */
                                eventTypes: string[];
                                kind: string;
                                /** @description Receives webhooks at /hooks/<source id>. */
                                push: boolean;
                                /** @description Write-only config fields. */
                                secretFields: string[];
                            }[];
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user (or the token’s) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            createdAt: string;
                            /** @description A disabled user’s sessions and tokens are refused. */
                            disabled: boolean;
                            displayName: string;
                            /** @description A ULID. */
                            id: string;
                            locale: string | null;
                            name: string;
                            /** @description `admin` manages everything, users included; `member` their own resources. */
                            role: "admin" | "member";
                            timeZone: string | null;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change one’s own display name, locale, time zone or password
         * @description A new password needs `currentPassword` and ends the user’s other sessions.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Needed to change the password. */
                        currentPassword?: string;
                        displayName?: string | null;
                        locale?: string | null;
                        /** @description At least 12 characters. Write-only. */
                        password?: string;
                        timeZone?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            createdAt: string;
                            /** @description A disabled user’s sessions and tokens are refused. */
                            disabled: boolean;
                            displayName: string;
                            /** @description A ULID. */
                            id: string;
                            locale: string | null;
                            name: string;
                            /** @description `admin` manages everything, users included; `member` their own resources. */
                            role: "admin" | "member";
                            timeZone: string | null;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This OpenAPI document */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OpenAPI 3.1. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List rules, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description The `nextCursor` of the previous page; absent for the newest. */
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description All must hold. */
                                conditions: {
                                    /** @description severity, type, title, body, tags, source, data or data.some.path */
                                    field: string;
                                    /** @enum {unknown} */
                                    op: "eq" | "neq" | "in" | "nin" | "contains" | "matches" | "exists" | "gte" | "lte" | "gt" | "lt";
                                    value?: unknown;
                                }[];
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                createdAt: string;
                                /** @description Drop an event whose `by` fields equal those of one this rule sent to the receiver in the last `windowSeconds`, beyond the ingest dedup. null: none. */
                                dedup: {
                                    /** @description Event fields whose values make a repeat; default type and title. */
                                    by?: string[];
                                    windowSeconds: number;
                                } | null;
                                enabled: boolean;
                                /** @description Globs over dot.case types: `*` is one segment, `**` any number. Empty matches every type. Stored lowercased, as event types are. */
                                eventTypes: string[];
                                /** @description A ULID. */
                                id: string;
                                /** @description null uses NB_MAX_ATTEMPTS. */
                                maxAttempts: number | null;
                                name: string;
                                /** @description A ULID. */
                                ownerId: string;
                                /** @description Higher runs first. */
                                priority: number;
                                /** @description The rule's quiet hours, used instead of its receivers'; null leaves theirs. */
                                quietHours: {
                                    /**
                                     * @description Events of this severity or higher are sent as usual.
                                     * @enum {unknown}
                                     */
                                    bypassFrom?: "debug" | "info" | "warning" | "error" | "critical";
                                    /** @description The days a window starts on; default every day. A 22:00-07:00 window of fri ends on saturday. */
                                    days?: ("mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun")[];
                                    /**
                                     * @description Local time it ends, HH:MM; earlier than start means the next day.
                                     * @example 07:00
                                     */
                                    end: string;
                                    /**
                                     * @description defer (default): send when the window ends; drop: never send; quiet: send now without sound.
                                     * @enum {unknown}
                                     */
                                    policy?: "defer" | "drop" | "quiet";
                                    /**
                                     * @description Local time the window starts, HH:MM.
                                     * @example 22:00
                                     */
                                    start: string;
                                    /** @description IANA zone, e.g. Europe/Berlin. Default: the receiver's `options.timeZone`, else its owner's account time zone, else NB_TIME_ZONE. */
                                    timeZone?: string;
                                } | null;
                                /** @description Whose events the rule sees: `own`, its owner's; `all`, everyone's. Setting or keeping `all` needs a token with the admin scope, and `all` counts only while the owner is an admin. */
                                reach: "own" | "all";
                                receiverIds: string[];
                                /** @description null matches every source. */
                                sourceIds: string[] | null;
                                /** @description When this rule matches, skip rules of lower priority. */
                                stop: boolean;
                                /** @description null uses the default template. */
                                templateId: string | null;
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                updatedAt: string;
                            }[];
                            /** @description null on the last page. */
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        /** Create a rule */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description All must hold.
                         * @default []
                         */
                        conditions?: {
                            /** @description severity, type, title, body, tags, source, data or data.some.path */
                            field: string;
                            /** @enum {unknown} */
                            op: "eq" | "neq" | "in" | "nin" | "contains" | "matches" | "exists" | "gte" | "lte" | "gt" | "lt";
                            value?: unknown;
                        }[];
                        /**
                         * @description Drop an event whose `by` fields equal those of one this rule sent to the receiver in the last `windowSeconds`, beyond the ingest dedup. null: none.
                         * @default null
                         */
                        dedup?: {
                            /** @description Event fields whose values make a repeat; default type and title. */
                            by?: string[];
                            windowSeconds: number;
                        } | null;
                        /** @default true */
                        enabled?: boolean;
                        /**
                         * @description Globs over dot.case types: `*` is one segment, `**` any number. Empty matches every type. Stored lowercased, as event types are.
                         * @default []
                         */
                        eventTypes?: string[];
                        /**
                         * @description null uses NB_MAX_ATTEMPTS.
                         * @default null
                         */
                        maxAttempts?: number | null;
                        name: string;
                        /**
                         * @description Higher runs first.
                         * @default 0
                         */
                        priority?: number;
                        /**
                         * @description The rule's quiet hours, used instead of its receivers'; null leaves theirs.
                         * @default null
                         */
                        quietHours?: {
                            /**
                             * @description Events of this severity or higher are sent as usual.
                             * @enum {unknown}
                             */
                            bypassFrom?: "debug" | "info" | "warning" | "error" | "critical";
                            /** @description The days a window starts on; default every day. A 22:00-07:00 window of fri ends on saturday. */
                            days?: ("mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun")[];
                            /**
                             * @description Local time it ends, HH:MM; earlier than start means the next day.
                             * @example 07:00
                             */
                            end: string;
                            /**
                             * @description defer (default): send when the window ends; drop: never send; quiet: send now without sound.
                             * @enum {unknown}
                             */
                            policy?: "defer" | "drop" | "quiet";
                            /**
                             * @description Local time the window starts, HH:MM.
                             * @example 22:00
                             */
                            start: string;
                            /** @description IANA zone, e.g. Europe/Berlin. Default: the receiver's `options.timeZone`, else its owner's account time zone, else NB_TIME_ZONE. */
                            timeZone?: string;
                        } | null;
                        /**
                         * @description Whose events the rule sees: `own`, its owner's; `all`, everyone's. Setting or keeping `all` needs a token with the admin scope, and `all` counts only while the owner is an admin.
                         * @default own
                         */
                        reach?: "own" | "all";
                        /** @default [] */
                        receiverIds?: string[];
                        /**
                         * @description null matches every source.
                         * @default null
                         */
                        sourceIds?: string[] | null;
                        /**
                         * @description When this rule matches, skip rules of lower priority.
                         * @default false
                         */
                        stop?: boolean;
                        /**
                         * @description null uses the default template.
                         * @default null
                         */
                        templateId?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description All must hold. */
                            conditions: {
                                /** @description severity, type, title, body, tags, source, data or data.some.path */
                                field: string;
                                /** @enum {unknown} */
                                op: "eq" | "neq" | "in" | "nin" | "contains" | "matches" | "exists" | "gte" | "lte" | "gt" | "lt";
                                value?: unknown;
                            }[];
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            createdAt: string;
                            /** @description Drop an event whose `by` fields equal those of one this rule sent to the receiver in the last `windowSeconds`, beyond the ingest dedup. null: none. */
                            dedup: {
                                /** @description Event fields whose values make a repeat; default type and title. */
                                by?: string[];
                                windowSeconds: number;
                            } | null;
                            enabled: boolean;
                            /** @description Globs over dot.case types: `*` is one segment, `**` any number. Empty matches every type. Stored lowercased, as event types are. */
                            eventTypes: string[];
                            /** @description A ULID. */
                            id: string;
                            /** @description null uses NB_MAX_ATTEMPTS. */
                            maxAttempts: number | null;
                            name: string;
                            /** @description A ULID. */
                            ownerId: string;
                            /** @description Higher runs first. */
                            priority: number;
                            /** @description The rule's quiet hours, used instead of its receivers'; null leaves theirs. */
                            quietHours: {
                                /**
                                 * @description Events of this severity or higher are sent as usual.
                                 * @enum {unknown}
                                 */
                                bypassFrom?: "debug" | "info" | "warning" | "error" | "critical";
                                /** @description The days a window starts on; default every day. A 22:00-07:00 window of fri ends on saturday. */
                                days?: ("mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun")[];
                                /**
                                 * @description Local time it ends, HH:MM; earlier than start means the next day.
                                 * @example 07:00
                                 */
                                end: string;
                                /**
                                 * @description defer (default): send when the window ends; drop: never send; quiet: send now without sound.
                                 * @enum {unknown}
                                 */
                                policy?: "defer" | "drop" | "quiet";
                                /**
                                 * @description Local time the window starts, HH:MM.
                                 * @example 22:00
                                 */
                                start: string;
                                /** @description IANA zone, e.g. Europe/Berlin. Default: the receiver's `options.timeZone`, else its owner's account time zone, else NB_TIME_ZONE. */
                                timeZone?: string;
                            } | null;
                            /** @description Whose events the rule sees: `own`, its owner's; `all`, everyone's. Setting or keeping `all` needs a token with the admin scope, and `all` counts only while the owner is an admin. */
                            reach: "own" | "all";
                            receiverIds: string[];
                            /** @description null matches every source. */
                            sourceIds: string[] | null;
                            /** @description When this rule matches, skip rules of lower priority. */
                            stop: boolean;
                            /** @description null uses the default template. */
                            templateId: string | null;
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a rule */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description All must hold. */
                            conditions: {
                                /** @description severity, type, title, body, tags, source, data or data.some.path */
                                field: string;
                                /** @enum {unknown} */
                                op: "eq" | "neq" | "in" | "nin" | "contains" | "matches" | "exists" | "gte" | "lte" | "gt" | "lt";
                                value?: unknown;
                            }[];
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            createdAt: string;
                            /** @description Drop an event whose `by` fields equal those of one this rule sent to the receiver in the last `windowSeconds`, beyond the ingest dedup. null: none. */
                            dedup: {
                                /** @description Event fields whose values make a repeat; default type and title. */
                                by?: string[];
                                windowSeconds: number;
                            } | null;
                            enabled: boolean;
                            /** @description Globs over dot.case types: `*` is one segment, `**` any number. Empty matches every type. Stored lowercased, as event types are. */
                            eventTypes: string[];
                            /** @description A ULID. */
                            id: string;
                            /** @description null uses NB_MAX_ATTEMPTS. */
                            maxAttempts: number | null;
                            name: string;
                            /** @description A ULID. */
                            ownerId: string;
                            /** @description Higher runs first. */
                            priority: number;
                            /** @description The rule's quiet hours, used instead of its receivers'; null leaves theirs. */
                            quietHours: {
                                /**
                                 * @description Events of this severity or higher are sent as usual.
                                 * @enum {unknown}
                                 */
                                bypassFrom?: "debug" | "info" | "warning" | "error" | "critical";
                                /** @description The days a window starts on; default every day. A 22:00-07:00 window of fri ends on saturday. */
                                days?: ("mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun")[];
                                /**
                                 * @description Local time it ends, HH:MM; earlier than start means the next day.
                                 * @example 07:00
                                 */
                                end: string;
                                /**
                                 * @description defer (default): send when the window ends; drop: never send; quiet: send now without sound.
                                 * @enum {unknown}
                                 */
                                policy?: "defer" | "drop" | "quiet";
                                /**
                                 * @description Local time the window starts, HH:MM.
                                 * @example 22:00
                                 */
                                start: string;
                                /** @description IANA zone, e.g. Europe/Berlin. Default: the receiver's `options.timeZone`, else its owner's account time zone, else NB_TIME_ZONE. */
                                timeZone?: string;
                            } | null;
                            /** @description Whose events the rule sees: `own`, its owner's; `all`, everyone's. Setting or keeping `all` needs a token with the admin scope, and `all` counts only while the owner is an admin. */
                            reach: "own" | "all";
                            receiverIds: string[];
                            /** @description null matches every source. */
                            sourceIds: string[] | null;
                            /** @description When this rule matches, skip rules of lower priority. */
                            stop: boolean;
                            /** @description null uses the default template. */
                            templateId: string | null;
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a rule */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No body. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a rule; receiverIds, when given, replaces the list */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description All must hold. */
                        conditions?: {
                            /** @description severity, type, title, body, tags, source, data or data.some.path */
                            field: string;
                            /** @enum {unknown} */
                            op: "eq" | "neq" | "in" | "nin" | "contains" | "matches" | "exists" | "gte" | "lte" | "gt" | "lt";
                            value?: unknown;
                        }[];
                        /** @description Drop an event whose `by` fields equal those of one this rule sent to the receiver in the last `windowSeconds`, beyond the ingest dedup. null: none. */
                        dedup?: {
                            /** @description Event fields whose values make a repeat; default type and title. */
                            by?: string[];
                            windowSeconds: number;
                        } | null;
                        enabled?: boolean;
                        /** @description Globs over dot.case types: `*` is one segment, `**` any number. Empty matches every type. Stored lowercased, as event types are. */
                        eventTypes?: string[];
                        /** @description null uses NB_MAX_ATTEMPTS. */
                        maxAttempts?: number | null;
                        name?: string;
                        /** @description Higher runs first. */
                        priority?: number;
                        /** @description The rule's quiet hours, used instead of its receivers'; null leaves theirs. */
                        quietHours?: {
                            /**
                             * @description Events of this severity or higher are sent as usual.
                             * @enum {unknown}
                             */
                            bypassFrom?: "debug" | "info" | "warning" | "error" | "critical";
                            /** @description The days a window starts on; default every day. A 22:00-07:00 window of fri ends on saturday. */
                            days?: ("mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun")[];
                            /**
                             * @description Local time it ends, HH:MM; earlier than start means the next day.
                             * @example 07:00
                             */
                            end: string;
                            /**
                             * @description defer (default): send when the window ends; drop: never send; quiet: send now without sound.
                             * @enum {unknown}
                             */
                            policy?: "defer" | "drop" | "quiet";
                            /**
                             * @description Local time the window starts, HH:MM.
                             * @example 22:00
                             */
                            start: string;
                            /** @description IANA zone, e.g. Europe/Berlin. Default: the receiver's `options.timeZone`, else its owner's account time zone, else NB_TIME_ZONE. */
                            timeZone?: string;
                        } | null;
                        /** @description Whose events the rule sees: `own`, its owner's; `all`, everyone's. Setting or keeping `all` needs a token with the admin scope, and `all` counts only while the owner is an admin. */
                        reach?: "own" | "all";
                        receiverIds?: string[];
                        /** @description null matches every source. */
                        sourceIds?: string[] | null;
                        /** @description When this rule matches, skip rules of lower priority. */
                        stop?: boolean;
                        /** @description null uses the default template. */
                        templateId?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description All must hold. */
                            conditions: {
                                /** @description severity, type, title, body, tags, source, data or data.some.path */
                                field: string;
                                /** @enum {unknown} */
                                op: "eq" | "neq" | "in" | "nin" | "contains" | "matches" | "exists" | "gte" | "lte" | "gt" | "lt";
                                value?: unknown;
                            }[];
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            createdAt: string;
                            /** @description Drop an event whose `by` fields equal those of one this rule sent to the receiver in the last `windowSeconds`, beyond the ingest dedup. null: none. */
                            dedup: {
                                /** @description Event fields whose values make a repeat; default type and title. */
                                by?: string[];
                                windowSeconds: number;
                            } | null;
                            enabled: boolean;
                            /** @description Globs over dot.case types: `*` is one segment, `**` any number. Empty matches every type. Stored lowercased, as event types are. */
                            eventTypes: string[];
                            /** @description A ULID. */
                            id: string;
                            /** @description null uses NB_MAX_ATTEMPTS. */
                            maxAttempts: number | null;
                            name: string;
                            /** @description A ULID. */
                            ownerId: string;
                            /** @description Higher runs first. */
                            priority: number;
                            /** @description The rule's quiet hours, used instead of its receivers'; null leaves theirs. */
                            quietHours: {
                                /**
                                 * @description Events of this severity or higher are sent as usual.
                                 * @enum {unknown}
                                 */
                                bypassFrom?: "debug" | "info" | "warning" | "error" | "critical";
                                /** @description The days a window starts on; default every day. A 22:00-07:00 window of fri ends on saturday. */
                                days?: ("mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun")[];
                                /**
                                 * @description Local time it ends, HH:MM; earlier than start means the next day.
                                 * @example 07:00
                                 */
                                end: string;
                                /**
                                 * @description defer (default): send when the window ends; drop: never send; quiet: send now without sound.
                                 * @enum {unknown}
                                 */
                                policy?: "defer" | "drop" | "quiet";
                                /**
                                 * @description Local time the window starts, HH:MM.
                                 * @example 22:00
                                 */
                                start: string;
                                /** @description IANA zone, e.g. Europe/Berlin. Default: the receiver's `options.timeZone`, else its owner's account time zone, else NB_TIME_ZONE. */
                                timeZone?: string;
                            } | null;
                            /** @description Whose events the rule sees: `own`, its owner's; `all`, everyone's. Setting or keeping `all` needs a token with the admin scope, and `all` counts only while the owner is an admin. */
                            reach: "own" | "all";
                            receiverIds: string[];
                            /** @description null matches every source. */
                            sourceIds: string[] | null;
                            /** @description When this rule matches, skip rules of lower priority. */
                            stop: boolean;
                            /** @description null uses the default template. */
                            templateId: string | null;
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/rules/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Enable, disable or delete several rules at once
         * @description Switching a rule that reaches everyone’s events on or off takes the admin scope, as changing it does; without it that rule answers forbidden. One transaction; one audit entry per row changed. Answers 200 with an outcome per id, also when some are not found.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description enable or disable (sets `enabled`), or delete (as DELETE on each id does).
                         * @enum {unknown}
                         */
                        action: "enable" | "disable" | "delete";
                        /** @description The rows to act on, 1 to 500, each once. */
                        ids: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description One per id, in the order of the request. */
                            items: {
                                /** @description A ULID. */
                                id: string;
                                /** @description Why, for not_found and forbidden. */
                                message?: string;
                                /**
                                 * @description done: changed (one audit entry); unchanged: already so (no entry); not_found: no such row you may see (another owner's answers so too, untouched); forbidden: a row that cannot be changed so (a built-in source; a rule reaching everyone's events without the admin scope).
                                 * @enum {unknown}
                                 */
                                outcome: "done" | "unchanged" | "not_found" | "forbidden";
                            }[];
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/rules/dry-run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Try a rule, unsaved, on the newest stored events
         * @description Which of the caller's newest `limit` events (everyone's, for an admin's rule that reaches all) the rule would have matched, by the matcher ingest uses. Only this rule is tried: other rules' `stop` does not apply, and `enabled` is ignored. Nothing is stored or sent.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description How many of the newest events to try the rule on.
                         * @default 100
                         */
                        limit?: number;
                        rule: {
                            /** @description All must hold. */
                            conditions?: {
                                /** @description severity, type, title, body, tags, source, data or data.some.path */
                                field: string;
                                /** @enum {unknown} */
                                op: "eq" | "neq" | "in" | "nin" | "contains" | "matches" | "exists" | "gte" | "lte" | "gt" | "lt";
                                value?: unknown;
                            }[];
                            /** @description Drop an event whose `by` fields equal those of one this rule sent to the receiver in the last `windowSeconds`, beyond the ingest dedup. null: none. */
                            dedup?: {
                                /** @description Event fields whose values make a repeat; default type and title. */
                                by?: string[];
                                windowSeconds: number;
                            } | null;
                            enabled?: boolean;
                            /** @description Globs over dot.case types: `*` is one segment, `**` any number. Empty matches every type. Stored lowercased, as event types are. */
                            eventTypes?: string[];
                            /** @description null uses NB_MAX_ATTEMPTS. */
                            maxAttempts?: number | null;
                            name?: string;
                            /** @description Higher runs first. */
                            priority?: number;
                            /** @description The rule's quiet hours, used instead of its receivers'; null leaves theirs. */
                            quietHours?: {
                                /**
                                 * @description Events of this severity or higher are sent as usual.
                                 * @enum {unknown}
                                 */
                                bypassFrom?: "debug" | "info" | "warning" | "error" | "critical";
                                /** @description The days a window starts on; default every day. A 22:00-07:00 window of fri ends on saturday. */
                                days?: ("mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun")[];
                                /**
                                 * @description Local time it ends, HH:MM; earlier than start means the next day.
                                 * @example 07:00
                                 */
                                end: string;
                                /**
                                 * @description defer (default): send when the window ends; drop: never send; quiet: send now without sound.
                                 * @enum {unknown}
                                 */
                                policy?: "defer" | "drop" | "quiet";
                                /**
                                 * @description Local time the window starts, HH:MM.
                                 * @example 22:00
                                 */
                                start: string;
                                /** @description IANA zone, e.g. Europe/Berlin. Default: the receiver's `options.timeZone`, else its owner's account time zone, else NB_TIME_ZONE. */
                                timeZone?: string;
                            } | null;
                            /** @description Whose events the rule sees: `own`, its owner's; `all`, everyone's. Setting or keeping `all` needs a token with the admin scope, and `all` counts only while the owner is an admin. */
                            reach?: "own" | "all";
                            receiverIds?: string[];
                            /** @description null matches every source. */
                            sourceIds?: string[] | null;
                            /** @description When this rule matches, skip rules of lower priority. */
                            stop?: boolean;
                            /** @description null uses the default template. */
                            templateId?: string | null;
                        };
                        /** @description The saved rule the form edits: the body is tried as its owner's rule (their events, their sources), as saving it would be checked. Left out: a new rule of the caller's. */
                        ruleId?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description How many events the rule was tried on. */
                            examined: number;
                            /** @description The events it would have matched, newest first. */
                            matched: {
                                attachments: {
                                    [key: string]: unknown;
                                }[];
                                body: string;
                                data: unknown;
                                dedupKey: string;
                                /** @description A ULID. */
                                id: string;
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                occurredAt: string;
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                receivedAt: string;
                                /** @enum {unknown} */
                                severity: "debug" | "info" | "warning" | "error" | "critical";
                                /** @description A ULID. */
                                sourceId: string;
                                tags: string[];
                                title: string;
                                type: string;
                                url: string | null;
                                /** @description What the source had to leave out of the event, e.g. attachments over the cap. */
                                warnings: string[];
                            }[];
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The configuration in force, each setting with where it came from (secrets hidden)
         * @description Read at start from the environment and the optional NB_CONFIG_FILE; changing a setting takes a restart. Secrets (the admin token, the secret key, the OpenID client secret, the database password) are never sent.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            settings: {
                                doc: string;
                                /** @description The environment variable, e.g. `NB_DISPATCH_CONCURRENCY`. */
                                env: string;
                                from: "environment" | "file" | "default";
                                /** @description The key in the JSON config file (NB_CONFIG_FILE). */
                                key: string;
                                secret: boolean;
                                /** @description The value in force, as text. A secret is `set` or empty; a URL’s password is `***`. */
                                value: string;
                            }[];
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/setup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create the first admin with the one-time setup link; signs them in
         * @description Works while nobody can sign in yet, with a token the server printed on start (valid 1 h). The first admin keeps the bridge source and the admin API token made on the first start.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Shown instead of the name. */
                        displayName?: string;
                        /** @description BCP 47 (`en`, `de-CH`) for the UI and this user’s notifications. */
                        locale?: string;
                        /** @description The sign-in name: letters, digits, `._@-`; stored lower case. */
                        name: string;
                        /** @description At least 12 characters. Write-only. */
                        password: string;
                        /** @description IANA zone (`Europe/Zurich`); absent or null uses NB_TIME_ZONE. */
                        timeZone?: string;
                        /** @description The `nbs_...` token of the setup link the server printed (the part after `#token=`). */
                        token: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            session: {
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                expiresAt: string;
                                /** @description A ULID. */
                                id: string;
                            };
                            user: {
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                createdAt: string;
                                /** @description A disabled user’s sessions and tokens are refused. */
                                disabled: boolean;
                                displayName: string;
                                /** @description A ULID. */
                                id: string;
                                locale: string | null;
                                name: string;
                                /** @description `admin` manages everything, users included; `member` their own resources. */
                                role: "admin" | "member";
                                timeZone: string | null;
                            };
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/silences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List silences, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description true: not ended yet; false: ended. */
                    active?: boolean;
                    /** @description The `nextCursor` of the previous page; absent for the newest. */
                    cursor?: string;
                    limit?: number;
                    /** @description A ULID. */
                    receiverId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description It has not ended yet. */
                                active: boolean;
                                comment: string;
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                createdAt: string;
                                /** @description `ui:<user id>` (a signed-in session), `api:<user id>` (an API token), or the bot command that made it (`telegram:<chat id>:<user id>`). */
                                createdBy: string;
                                /** @description How it was made: in the web UI, with an API token, or by a bot command in a chat. */
                                createdVia: "ui" | "api" | "bot";
                                /** @description The user who made it through the UI or the API; null for a bot command. */
                                creator: {
                                    /** @description A ULID. */
                                    id: string;
                                    name: string;
                                } | null;
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                endsAt: string;
                                /** @description Globs over dot.case event types (`*` one segment, `**` any number), stored lowercased as event types are; null or absent silences every event. */
                                eventTypes: string[] | null;
                                /** @description A ULID. */
                                id: string;
                                /**
                                 * @description `drop`: deliveries while it lasts are dropped. `defer`: they wait and go out when it ends (the latest end of several).
                                 * @enum {unknown}
                                 */
                                mode: "drop" | "defer";
                                /** @description A ULID. */
                                ownerId: string;
                                /** @description A ULID. */
                                receiverId: string;
                            }[];
                            /** @description null on the last page. */
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        /** Silence a receiver until a time or for a duration */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        comment?: string;
                        /** @description How long from now, e.g. `30m`, `2h`, `1d`, `1h30m`. */
                        duration?: string;
                        /**
                         * Format: date-time
                         * @description When it ends; or give `duration`.
                         */
                        endsAt?: string;
                        /** @description Globs over dot.case event types (`*` one segment, `**` any number), stored lowercased as event types are; null or absent silences every event. */
                        eventTypes?: string[] | null;
                        /**
                         * @default drop
                         * @enum {unknown}
                         */
                        mode?: "drop" | "defer";
                        /** @description A ULID. */
                        receiverId: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description It has not ended yet. */
                            active: boolean;
                            comment: string;
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            createdAt: string;
                            /** @description `ui:<user id>` (a signed-in session), `api:<user id>` (an API token), or the bot command that made it (`telegram:<chat id>:<user id>`). */
                            createdBy: string;
                            /** @description How it was made: in the web UI, with an API token, or by a bot command in a chat. */
                            createdVia: "ui" | "api" | "bot";
                            /** @description The user who made it through the UI or the API; null for a bot command. */
                            creator: {
                                /** @description A ULID. */
                                id: string;
                                name: string;
                            } | null;
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            endsAt: string;
                            /** @description Globs over dot.case event types (`*` one segment, `**` any number), stored lowercased as event types are; null or absent silences every event. */
                            eventTypes: string[] | null;
                            /** @description A ULID. */
                            id: string;
                            /**
                             * @description `drop`: deliveries while it lasts are dropped. `defer`: they wait and go out when it ends (the latest end of several).
                             * @enum {unknown}
                             */
                            mode: "drop" | "defer";
                            /** @description A ULID. */
                            ownerId: string;
                            /** @description A ULID. */
                            receiverId: string;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/silences/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a silence */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description It has not ended yet. */
                            active: boolean;
                            comment: string;
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            createdAt: string;
                            /** @description `ui:<user id>` (a signed-in session), `api:<user id>` (an API token), or the bot command that made it (`telegram:<chat id>:<user id>`). */
                            createdBy: string;
                            /** @description How it was made: in the web UI, with an API token, or by a bot command in a chat. */
                            createdVia: "ui" | "api" | "bot";
                            /** @description The user who made it through the UI or the API; null for a bot command. */
                            creator: {
                                /** @description A ULID. */
                                id: string;
                                name: string;
                            } | null;
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            endsAt: string;
                            /** @description Globs over dot.case event types (`*` one segment, `**` any number), stored lowercased as event types are; null or absent silences every event. */
                            eventTypes: string[] | null;
                            /** @description A ULID. */
                            id: string;
                            /**
                             * @description `drop`: deliveries while it lasts are dropped. `defer`: they wait and go out when it ends (the latest end of several).
                             * @enum {unknown}
                             */
                            mode: "drop" | "defer";
                            /** @description A ULID. */
                            ownerId: string;
                            /** @description A ULID. */
                            receiverId: string;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * End a silence now
         * @description Sets its end to now and keeps it in the list as ended. Deliveries it deferred go out at once.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No body. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List sources, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description The `nextCursor` of the previous page; absent for the newest. */
                    cursor?: string;
                    kind?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description How long the same body, sent without a delivery id, is a duplicate of the first; null: the server's NB_BODY_DEDUP_WINDOW_MINUTES. */
                                bodyDedupWindowMinutes: number | null;
                                config: {
                                    [key: string]: unknown;
                                };
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                createdAt: string;
                                enabled: boolean;
                                /** @description A ULID. */
                                id: string;
                                /** @description Where a push source receives webhooks. */
                                ingestUrl: string | null;
                                kind: string;
                                /** @description When the newest event of this source that you may see was received; null: none yet. Left out of the audit log. */
                                lastEventAt?: string | null;
                                /** @description The last request this source's address refused (a wrong secret, a bad signature, a body it could not read), kept at most every 10 s; null: none. Left out of the audit log. */
                                lastRefusal?: {
                                    /**
                                     * Format: date-time
                                     * @description ISO-8601, UTC.
                                     */
                                    at: string;
                                    code: string;
                                    message: string;
                                } | null;
                                name: string;
                                /** @description A ULID. */
                                ownerId: string;
                                /** @description Secret config fields that have a value; never returned. */
                                secretsSet: string[];
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                updatedAt: string;
                            }[];
                            /** @description null on the last page. */
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        /** Create a source */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description How long the same body, sent without a delivery id, is taken for the sender's retry of the first (a duplicate), in minutes; the same body later is a new event. null or absent: NB_BODY_DEDUP_WINDOW_MINUTES (10). A delivery id (dedupHeader, X-GitHub-Delivery…) dedups for NB_DEDUP_WINDOW_HOURS instead. */
                        bodyDedupWindowMinutes?: number | null;
                        config?: {
                            [key: string]: unknown;
                        };
                        /** @default true */
                        enabled?: boolean;
                        /** @description One of GET /kinds/sources. */
                        kind: string;
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description How long the same body, sent without a delivery id, is a duplicate of the first; null: the server's NB_BODY_DEDUP_WINDOW_MINUTES. */
                            bodyDedupWindowMinutes: number | null;
                            config: {
                                [key: string]: unknown;
                            };
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            createdAt: string;
                            enabled: boolean;
                            /** @description A ULID. */
                            id: string;
                            /** @description Where a push source receives webhooks. */
                            ingestUrl: string | null;
                            kind: string;
                            /** @description When the newest event of this source that you may see was received; null: none yet. Left out of the audit log. */
                            lastEventAt?: string | null;
                            /** @description The last request this source's address refused (a wrong secret, a bad signature, a body it could not read), kept at most every 10 s; null: none. Left out of the audit log. */
                            lastRefusal?: {
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                at: string;
                                code: string;
                                message: string;
                            } | null;
                            name: string;
                            /** @description A ULID. */
                            ownerId: string;
                            /** @description Secret config fields that have a value; never returned. */
                            secretsSet: string[];
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sources/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a source */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description How long the same body, sent without a delivery id, is a duplicate of the first; null: the server's NB_BODY_DEDUP_WINDOW_MINUTES. */
                            bodyDedupWindowMinutes: number | null;
                            config: {
                                [key: string]: unknown;
                            };
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            createdAt: string;
                            enabled: boolean;
                            /** @description A ULID. */
                            id: string;
                            /** @description Where a push source receives webhooks. */
                            ingestUrl: string | null;
                            kind: string;
                            /** @description When the newest event of this source that you may see was received; null: none yet. Left out of the audit log. */
                            lastEventAt?: string | null;
                            /** @description The last request this source's address refused (a wrong secret, a bad signature, a body it could not read), kept at most every 10 s; null: none. Left out of the audit log. */
                            lastRefusal?: {
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                at: string;
                                code: string;
                                message: string;
                            } | null;
                            name: string;
                            /** @description A ULID. */
                            ownerId: string;
                            /** @description Secret config fields that have a value; never returned. */
                            secretsSet: string[];
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a source and its events */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No body. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a source */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description How long the same body, sent without a delivery id, is taken for the sender's retry of the first (a duplicate), in minutes; the same body later is a new event. null or absent: NB_BODY_DEDUP_WINDOW_MINUTES (10). A delivery id (dedupHeader, X-GitHub-Delivery…) dedups for NB_DEDUP_WINDOW_HOURS instead. */
                        bodyDedupWindowMinutes?: number | null;
                        /** @description Replaces the config. A secret field left out keeps its value; null clears it. */
                        config?: {
                            [key: string]: unknown;
                        };
                        enabled?: boolean;
                        name?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description How long the same body, sent without a delivery id, is a duplicate of the first; null: the server's NB_BODY_DEDUP_WINDOW_MINUTES. */
                            bodyDedupWindowMinutes: number | null;
                            config: {
                                [key: string]: unknown;
                            };
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            createdAt: string;
                            enabled: boolean;
                            /** @description A ULID. */
                            id: string;
                            /** @description Where a push source receives webhooks. */
                            ingestUrl: string | null;
                            kind: string;
                            /** @description When the newest event of this source that you may see was received; null: none yet. Left out of the audit log. */
                            lastEventAt?: string | null;
                            /** @description The last request this source's address refused (a wrong secret, a bad signature, a body it could not read), kept at most every 10 s; null: none. Left out of the audit log. */
                            lastRefusal?: {
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                at: string;
                                code: string;
                                message: string;
                            } | null;
                            name: string;
                            /** @description A ULID. */
                            ownerId: string;
                            /** @description Secret config fields that have a value; never returned. */
                            secretsSet: string[];
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/sources/{id}/recipe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What to paste into a sender to reach a source
         * @description A command to run (`shell`), a part of the sender's config file (`yaml`) or the fields of its webhook settings page (`steps`), with this server's address (NB_PUBLIC_URL's origin, else the one asked at) and the source's settings filled in. Secrets show as placeholders (`<secret>`, `<token>`): the API never returns one. 409 for a source nothing posts to (the bridge's own).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            format: "shell" | "yaml" | "steps";
                            text: string;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sources/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Enable, disable or delete several sources
         * @description The built-in bridge source answers forbidden and is left as it is. One transaction; one audit entry per row changed. Answers 200 with an outcome per id, also when some are not found.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description enable or disable (sets `enabled`), or delete (as DELETE on each id does).
                         * @enum {unknown}
                         */
                        action: "enable" | "disable" | "delete";
                        /** @description The rows to act on, 1 to 500, each once. */
                        ids: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description One per id, in the order of the request. */
                            items: {
                                /** @description A ULID. */
                                id: string;
                                /** @description Why, for not_found and forbidden. */
                                message?: string;
                                /**
                                 * @description done: changed (one audit entry); unchanged: already so (no entry); not_found: no such row you may see (another owner's answers so too, untouched); forbidden: a row that cannot be changed so (a built-in source; a rule reaching everyone's events without the admin scope).
                                 * @enum {unknown}
                                 */
                                outcome: "done" | "unchanged" | "not_found" | "forbidden";
                            }[];
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The dashboard's figures
         * @description Events and deliveries per minute over the last hour, the deliveries of the last 24 hours by state and their failures per target, the delivery waiting longest, and what needs attention (trouble of the last 60 minutes). A member sees their own things only; a token with the admin scope, the whole instance.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            at: string;
                            deliveries: {
                                byStatus: {
                                    dead: number;
                                    dropped: number;
                                    merged: number;
                                    pending: number;
                                    sending: number;
                                    sent: number;
                                };
                                /** @description Pending deliveries of any age. */
                                waiting: number;
                                /** @description The counts are of deliveries made in this many hours. */
                                windowHours: number;
                            };
                            failuresByTarget: {
                                /** @description Most failures first, at most 20. */
                                items: {
                                    /** @description Deliveries given up on (dead). */
                                    failed: number;
                                    kind: string;
                                    lastError: string | null;
                                    /**
                                     * Format: date-time
                                     * @description ISO-8601, UTC.
                                     */
                                    lastFailedAt: string;
                                    name: string;
                                    /** @description Pending again after a failed attempt. */
                                    retrying: number;
                                    /** @description A ULID. */
                                    targetId: string;
                                }[];
                                windowHours: number;
                            };
                            /** @description The last 60 minutes, oldest first, the current minute last; every minute listed. */
                            minutes: {
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                at: string;
                                /** @description Deliveries made in this minute. */
                                deliveries: number;
                                events: number;
                                /** @description Of those, dead by now. */
                                failed: number;
                                /** @description Of those, sent by now. */
                                sent: number;
                            }[];
                            /** @description The pending delivery made longest ago; null when none waits. */
                            oldestWaiting: {
                                ageSeconds: number;
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                createdAt: string;
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                dueAt: string;
                                /** @description A ULID. */
                                id: string;
                                /** @description A ULID. */
                                targetId: string;
                            } | null;
                            /** @description `own`: your sources, targets and events; `all`: the whole instance (the admin scope). */
                            scope: "own" | "all";
                            /** @description Receivers the system disabled, targets with a dead delivery in the last hour, sources whose events in the last hour came with warnings. */
                            trouble: {
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                at: string;
                                /** @description A ULID. */
                                id: string;
                                kind: "receiver" | "target" | "source";
                                name: string;
                                reason: string;
                                /** @description A receiver's target. */
                                targetId: string | null;
                            }[];
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Subscribe to your events, deliveries and health as they commit
         * @description Server-Sent Events. Each entry is `id: <id>`, `event: <type>`, `data: {"id","stream","type","at","data"}`; ids increase in commit order and survive restarts, so reconnecting with `Last-Event-ID` (or `since`) gets every entry missed, in order, none twice. `: keepalive` comments come every NB_STREAM_HEARTBEAT_SECONDS. A resume from before the retention starts with `event: gap` (`{"after","oldest"}`); a subscriber that reads too slowly gets `event: dropped` (`{"reason","lastId"}`) and the stream ends.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Resume after this entry id (as the `Last-Event-ID` header does, which wins when both are given). */
                    since?: number;
                    /** @description Comma-separated, of events, deliveries, health (default: all three). */
                    streams?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A stream of Server-Sent Events (see the description). */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": string;
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/targets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List targets, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description The `nextCursor` of the previous page; absent for the newest. */
                    cursor?: string;
                    kind?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description Sends in flight to this target at once, per node (default 16): protects the destination from a burst of parallel requests; raise it for a fast destination that takes more. */
                                concurrency: number;
                                config: {
                                    [key: string]: unknown;
                                };
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                createdAt: string;
                                enabled: boolean;
                                /** @description A ULID. */
                                id: string;
                                kind: string;
                                name: string;
                                /** @description A ULID. */
                                ownerId: string;
                                /**
                                 * @description At most this many messages, over every node; the rest wait (deferred, not dropped) until the limit lets them through. null: none.
                                 * @example {
                                 *       "count": 20,
                                 *       "per": "minute"
                                 *     }
                                 */
                                rateLimit: {
                                    /** @description How many may go at once after a quiet spell; default `count`. */
                                    burst?: number;
                                    /** @description Messages per period. */
                                    count: number;
                                    /**
                                     * @description second, minute, hour or day.
                                     * @enum {unknown}
                                     */
                                    per: "second" | "minute" | "hour" | "day";
                                } | null;
                                /** @description Secret config fields that have a value; never returned. */
                                secretsSet: string[];
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                updatedAt: string;
                            }[];
                            /** @description null on the last page. */
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        /** Create a target */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description Sends in flight to this target at once, per node (default 16): protects the destination from a burst of parallel requests; raise it for a fast destination that takes more.
                         * @default 16
                         */
                        concurrency?: number;
                        config?: {
                            [key: string]: unknown;
                        };
                        /** @default true */
                        enabled?: boolean;
                        /** @description One of GET /kinds/channels. */
                        kind: string;
                        name: string;
                        /**
                         * @description At most this many messages, over every node; the rest wait (deferred, not dropped) until the limit lets them through. null: none.
                         * @example {
                         *       "count": 20,
                         *       "per": "minute"
                         *     }
                         */
                        rateLimit?: {
                            /** @description How many may go at once after a quiet spell; default `count`. */
                            burst?: number;
                            /** @description Messages per period. */
                            count: number;
                            /**
                             * @description second, minute, hour or day.
                             * @enum {unknown}
                             */
                            per: "second" | "minute" | "hour" | "day";
                        } | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Sends in flight to this target at once, per node (default 16): protects the destination from a burst of parallel requests; raise it for a fast destination that takes more. */
                            concurrency: number;
                            config: {
                                [key: string]: unknown;
                            };
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            createdAt: string;
                            enabled: boolean;
                            /** @description A ULID. */
                            id: string;
                            kind: string;
                            name: string;
                            /** @description A ULID. */
                            ownerId: string;
                            /**
                             * @description At most this many messages, over every node; the rest wait (deferred, not dropped) until the limit lets them through. null: none.
                             * @example {
                             *       "count": 20,
                             *       "per": "minute"
                             *     }
                             */
                            rateLimit: {
                                /** @description How many may go at once after a quiet spell; default `count`. */
                                burst?: number;
                                /** @description Messages per period. */
                                count: number;
                                /**
                                 * @description second, minute, hour or day.
                                 * @enum {unknown}
                                 */
                                per: "second" | "minute" | "hour" | "day";
                            } | null;
                            /** @description Secret config fields that have a value; never returned. */
                            secretsSet: string[];
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/targets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a target */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Sends in flight to this target at once, per node (default 16): protects the destination from a burst of parallel requests; raise it for a fast destination that takes more. */
                            concurrency: number;
                            config: {
                                [key: string]: unknown;
                            };
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            createdAt: string;
                            enabled: boolean;
                            /** @description A ULID. */
                            id: string;
                            kind: string;
                            name: string;
                            /** @description A ULID. */
                            ownerId: string;
                            /**
                             * @description At most this many messages, over every node; the rest wait (deferred, not dropped) until the limit lets them through. null: none.
                             * @example {
                             *       "count": 20,
                             *       "per": "minute"
                             *     }
                             */
                            rateLimit: {
                                /** @description How many may go at once after a quiet spell; default `count`. */
                                burst?: number;
                                /** @description Messages per period. */
                                count: number;
                                /**
                                 * @description second, minute, hour or day.
                                 * @enum {unknown}
                                 */
                                per: "second" | "minute" | "hour" | "day";
                            } | null;
                            /** @description Secret config fields that have a value; never returned. */
                            secretsSet: string[];
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a target, its receivers and their deliveries */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No body. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a target */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Sends in flight to this target at once, per node (default 16): protects the destination from a burst of parallel requests; raise it for a fast destination that takes more. */
                        concurrency?: number;
                        /** @description Replaces the config. A secret field left out keeps its value; null clears it. */
                        config?: {
                            [key: string]: unknown;
                        };
                        enabled?: boolean;
                        name?: string;
                        /**
                         * @description At most this many messages, over every node; the rest wait (deferred, not dropped) until the limit lets them through. null: none.
                         * @example {
                         *       "count": 20,
                         *       "per": "minute"
                         *     }
                         */
                        rateLimit?: {
                            /** @description How many may go at once after a quiet spell; default `count`. */
                            burst?: number;
                            /** @description Messages per period. */
                            count: number;
                            /**
                             * @description second, minute, hour or day.
                             * @enum {unknown}
                             */
                            per: "second" | "minute" | "hour" | "day";
                        } | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Sends in flight to this target at once, per node (default 16): protects the destination from a burst of parallel requests; raise it for a fast destination that takes more. */
                            concurrency: number;
                            config: {
                                [key: string]: unknown;
                            };
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            createdAt: string;
                            enabled: boolean;
                            /** @description A ULID. */
                            id: string;
                            kind: string;
                            name: string;
                            /** @description A ULID. */
                            ownerId: string;
                            /**
                             * @description At most this many messages, over every node; the rest wait (deferred, not dropped) until the limit lets them through. null: none.
                             * @example {
                             *       "count": 20,
                             *       "per": "minute"
                             *     }
                             */
                            rateLimit: {
                                /** @description How many may go at once after a quiet spell; default `count`. */
                                burst?: number;
                                /** @description Messages per period. */
                                count: number;
                                /**
                                 * @description second, minute, hour or day.
                                 * @enum {unknown}
                                 */
                                per: "second" | "minute" | "hour" | "day";
                            } | null;
                            /** @description Secret config fields that have a value; never returned. */
                            secretsSet: string[];
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/targets/{id}/candidates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Chats that contacted this target and could become receivers */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                address: {
                                    [key: string]: unknown;
                                };
                                /** @description private, group, supergroup or channel for Telegram. */
                                chatType: string;
                                detail: {
                                    [key: string]: unknown;
                                };
                                /** @description The channel's identity of the chat. */
                                key: string;
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                lastSeenAt: string;
                                title: string;
                            }[];
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/targets/{id}/receivers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List a target's receivers, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description The `nextCursor` of the previous page; absent for the newest. */
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description The member who added it to a target shared with them; null for the target owner’s own. */
                                addedBy: string | null;
                                /** @description What one addressee is, per the channel's addressSchema. */
                                address: unknown;
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                createdAt: string;
                                /** @description Why the bridge disabled it. */
                                disabledReason: string | null;
                                enabled: boolean;
                                /** @description A ULID. */
                                id: string;
                                name: string;
                                /** @description Per-receiver options; channels may read more. */
                                options: {
                                    /** @description BCP 47, e.g. de-CH. */
                                    locale?: string;
                                    /** @description Deliver without a sound where the channel can. */
                                    silent?: boolean;
                                    /** @description IANA zone of the person behind it, e.g. Europe/Berlin: for quiet hours and bot replies. */
                                    timeZone?: string;
                                } & {
                                    [key: string]: unknown;
                                };
                                /** @description Quiet hours; a rule’s replace its receivers’. null for none. */
                                quietHours: {
                                    /**
                                     * @description Events of this severity or higher are sent as usual.
                                     * @enum {unknown}
                                     */
                                    bypassFrom?: "debug" | "info" | "warning" | "error" | "critical";
                                    /** @description The days a window starts on; default every day. A 22:00-07:00 window of fri ends on saturday. */
                                    days?: ("mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun")[];
                                    /**
                                     * @description Local time it ends, HH:MM; earlier than start means the next day.
                                     * @example 07:00
                                     */
                                    end: string;
                                    /**
                                     * @description defer (default): send when the window ends; drop: never send; quiet: send now without sound.
                                     * @enum {unknown}
                                     */
                                    policy?: "defer" | "drop" | "quiet";
                                    /**
                                     * @description Local time the window starts, HH:MM.
                                     * @example 22:00
                                     */
                                    start: string;
                                    /** @description IANA zone, e.g. Europe/Berlin. Default: the receiver's `options.timeZone`, else its owner's account time zone, else NB_TIME_ZONE. */
                                    timeZone?: string;
                                } | null;
                                /**
                                 * @description At most this many messages, over every node; the rest wait (deferred, not dropped) until the limit lets them through. null: none.
                                 * @example {
                                 *       "count": 20,
                                 *       "per": "minute"
                                 *     }
                                 */
                                rateLimit: {
                                    /** @description How many may go at once after a quiet spell; default `count`. */
                                    burst?: number;
                                    /** @description Messages per period. */
                                    count: number;
                                    /**
                                     * @description second, minute, hour or day.
                                     * @enum {unknown}
                                     */
                                    per: "second" | "minute" | "hour" | "day";
                                } | null;
                                /** @description A ULID. */
                                targetId: string;
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                updatedAt: string;
                            }[];
                            /** @description null on the last page. */
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        /** Add a receiver to a target */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description What one addressee is, per the channel's addressSchema. */
                        address: unknown;
                        /** @default true */
                        enabled?: boolean;
                        name: string;
                        /** @description Per-receiver options; channels may read more. */
                        options?: {
                            /** @description BCP 47, e.g. de-CH. */
                            locale?: string;
                            /** @description Deliver without a sound where the channel can. */
                            silent?: boolean;
                            /** @description IANA zone of the person behind it, e.g. Europe/Berlin: for quiet hours and bot replies. */
                            timeZone?: string;
                        } & {
                            [key: string]: unknown;
                        };
                        /** @description Quiet hours; a rule’s replace its receivers’. null for none. */
                        quietHours?: {
                            /**
                             * @description Events of this severity or higher are sent as usual.
                             * @enum {unknown}
                             */
                            bypassFrom?: "debug" | "info" | "warning" | "error" | "critical";
                            /** @description The days a window starts on; default every day. A 22:00-07:00 window of fri ends on saturday. */
                            days?: ("mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun")[];
                            /**
                             * @description Local time it ends, HH:MM; earlier than start means the next day.
                             * @example 07:00
                             */
                            end: string;
                            /**
                             * @description defer (default): send when the window ends; drop: never send; quiet: send now without sound.
                             * @enum {unknown}
                             */
                            policy?: "defer" | "drop" | "quiet";
                            /**
                             * @description Local time the window starts, HH:MM.
                             * @example 22:00
                             */
                            start: string;
                            /** @description IANA zone, e.g. Europe/Berlin. Default: the receiver's `options.timeZone`, else its owner's account time zone, else NB_TIME_ZONE. */
                            timeZone?: string;
                        } | null;
                        /**
                         * @description At most this many messages, over every node; the rest wait (deferred, not dropped) until the limit lets them through. null: none.
                         * @example {
                         *       "count": 20,
                         *       "per": "minute"
                         *     }
                         */
                        rateLimit?: {
                            /** @description How many may go at once after a quiet spell; default `count`. */
                            burst?: number;
                            /** @description Messages per period. */
                            count: number;
                            /**
                             * @description second, minute, hour or day.
                             * @enum {unknown}
                             */
                            per: "second" | "minute" | "hour" | "day";
                        } | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The member who added it to a target shared with them; null for the target owner’s own. */
                            addedBy: string | null;
                            /** @description What one addressee is, per the channel's addressSchema. */
                            address: unknown;
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            createdAt: string;
                            /** @description Why the bridge disabled it. */
                            disabledReason: string | null;
                            enabled: boolean;
                            /** @description A ULID. */
                            id: string;
                            name: string;
                            /** @description Per-receiver options; channels may read more. */
                            options: {
                                /** @description BCP 47, e.g. de-CH. */
                                locale?: string;
                                /** @description Deliver without a sound where the channel can. */
                                silent?: boolean;
                                /** @description IANA zone of the person behind it, e.g. Europe/Berlin: for quiet hours and bot replies. */
                                timeZone?: string;
                            } & {
                                [key: string]: unknown;
                            };
                            /** @description Quiet hours; a rule’s replace its receivers’. null for none. */
                            quietHours: {
                                /**
                                 * @description Events of this severity or higher are sent as usual.
                                 * @enum {unknown}
                                 */
                                bypassFrom?: "debug" | "info" | "warning" | "error" | "critical";
                                /** @description The days a window starts on; default every day. A 22:00-07:00 window of fri ends on saturday. */
                                days?: ("mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun")[];
                                /**
                                 * @description Local time it ends, HH:MM; earlier than start means the next day.
                                 * @example 07:00
                                 */
                                end: string;
                                /**
                                 * @description defer (default): send when the window ends; drop: never send; quiet: send now without sound.
                                 * @enum {unknown}
                                 */
                                policy?: "defer" | "drop" | "quiet";
                                /**
                                 * @description Local time the window starts, HH:MM.
                                 * @example 22:00
                                 */
                                start: string;
                                /** @description IANA zone, e.g. Europe/Berlin. Default: the receiver's `options.timeZone`, else its owner's account time zone, else NB_TIME_ZONE. */
                                timeZone?: string;
                            } | null;
                            /**
                             * @description At most this many messages, over every node; the rest wait (deferred, not dropped) until the limit lets them through. null: none.
                             * @example {
                             *       "count": 20,
                             *       "per": "minute"
                             *     }
                             */
                            rateLimit: {
                                /** @description How many may go at once after a quiet spell; default `count`. */
                                burst?: number;
                                /** @description Messages per period. */
                                count: number;
                                /**
                                 * @description second, minute, hour or day.
                                 * @enum {unknown}
                                 */
                                per: "second" | "minute" | "hour" | "day";
                            } | null;
                            /** @description A ULID. */
                            targetId: string;
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/targets/{id}/receivers/{receiverId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a receiver */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                    /** @description A ULID. */
                    receiverId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The member who added it to a target shared with them; null for the target owner’s own. */
                            addedBy: string | null;
                            /** @description What one addressee is, per the channel's addressSchema. */
                            address: unknown;
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            createdAt: string;
                            /** @description Why the bridge disabled it. */
                            disabledReason: string | null;
                            enabled: boolean;
                            /** @description A ULID. */
                            id: string;
                            name: string;
                            /** @description Per-receiver options; channels may read more. */
                            options: {
                                /** @description BCP 47, e.g. de-CH. */
                                locale?: string;
                                /** @description Deliver without a sound where the channel can. */
                                silent?: boolean;
                                /** @description IANA zone of the person behind it, e.g. Europe/Berlin: for quiet hours and bot replies. */
                                timeZone?: string;
                            } & {
                                [key: string]: unknown;
                            };
                            /** @description Quiet hours; a rule’s replace its receivers’. null for none. */
                            quietHours: {
                                /**
                                 * @description Events of this severity or higher are sent as usual.
                                 * @enum {unknown}
                                 */
                                bypassFrom?: "debug" | "info" | "warning" | "error" | "critical";
                                /** @description The days a window starts on; default every day. A 22:00-07:00 window of fri ends on saturday. */
                                days?: ("mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun")[];
                                /**
                                 * @description Local time it ends, HH:MM; earlier than start means the next day.
                                 * @example 07:00
                                 */
                                end: string;
                                /**
                                 * @description defer (default): send when the window ends; drop: never send; quiet: send now without sound.
                                 * @enum {unknown}
                                 */
                                policy?: "defer" | "drop" | "quiet";
                                /**
                                 * @description Local time the window starts, HH:MM.
                                 * @example 22:00
                                 */
                                start: string;
                                /** @description IANA zone, e.g. Europe/Berlin. Default: the receiver's `options.timeZone`, else its owner's account time zone, else NB_TIME_ZONE. */
                                timeZone?: string;
                            } | null;
                            /**
                             * @description At most this many messages, over every node; the rest wait (deferred, not dropped) until the limit lets them through. null: none.
                             * @example {
                             *       "count": 20,
                             *       "per": "minute"
                             *     }
                             */
                            rateLimit: {
                                /** @description How many may go at once after a quiet spell; default `count`. */
                                burst?: number;
                                /** @description Messages per period. */
                                count: number;
                                /**
                                 * @description second, minute, hour or day.
                                 * @enum {unknown}
                                 */
                                per: "second" | "minute" | "hour" | "day";
                            } | null;
                            /** @description A ULID. */
                            targetId: string;
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a receiver and its deliveries */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                    /** @description A ULID. */
                    receiverId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No body. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a receiver */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                    /** @description A ULID. */
                    receiverId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description What one addressee is, per the channel's addressSchema. */
                        address?: unknown;
                        /** @description Setting it clears `disabledReason`. */
                        enabled?: boolean;
                        name?: string;
                        /** @description Per-receiver options; channels may read more. */
                        options?: {
                            /** @description BCP 47, e.g. de-CH. */
                            locale?: string;
                            /** @description Deliver without a sound where the channel can. */
                            silent?: boolean;
                            /** @description IANA zone of the person behind it, e.g. Europe/Berlin: for quiet hours and bot replies. */
                            timeZone?: string;
                        } & {
                            [key: string]: unknown;
                        };
                        /** @description Quiet hours; a rule’s replace its receivers’. null for none. */
                        quietHours?: {
                            /**
                             * @description Events of this severity or higher are sent as usual.
                             * @enum {unknown}
                             */
                            bypassFrom?: "debug" | "info" | "warning" | "error" | "critical";
                            /** @description The days a window starts on; default every day. A 22:00-07:00 window of fri ends on saturday. */
                            days?: ("mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun")[];
                            /**
                             * @description Local time it ends, HH:MM; earlier than start means the next day.
                             * @example 07:00
                             */
                            end: string;
                            /**
                             * @description defer (default): send when the window ends; drop: never send; quiet: send now without sound.
                             * @enum {unknown}
                             */
                            policy?: "defer" | "drop" | "quiet";
                            /**
                             * @description Local time the window starts, HH:MM.
                             * @example 22:00
                             */
                            start: string;
                            /** @description IANA zone, e.g. Europe/Berlin. Default: the receiver's `options.timeZone`, else its owner's account time zone, else NB_TIME_ZONE. */
                            timeZone?: string;
                        } | null;
                        /**
                         * @description At most this many messages, over every node; the rest wait (deferred, not dropped) until the limit lets them through. null: none.
                         * @example {
                         *       "count": 20,
                         *       "per": "minute"
                         *     }
                         */
                        rateLimit?: {
                            /** @description How many may go at once after a quiet spell; default `count`. */
                            burst?: number;
                            /** @description Messages per period. */
                            count: number;
                            /**
                             * @description second, minute, hour or day.
                             * @enum {unknown}
                             */
                            per: "second" | "minute" | "hour" | "day";
                        } | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The member who added it to a target shared with them; null for the target owner’s own. */
                            addedBy: string | null;
                            /** @description What one addressee is, per the channel's addressSchema. */
                            address: unknown;
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            createdAt: string;
                            /** @description Why the bridge disabled it. */
                            disabledReason: string | null;
                            enabled: boolean;
                            /** @description A ULID. */
                            id: string;
                            name: string;
                            /** @description Per-receiver options; channels may read more. */
                            options: {
                                /** @description BCP 47, e.g. de-CH. */
                                locale?: string;
                                /** @description Deliver without a sound where the channel can. */
                                silent?: boolean;
                                /** @description IANA zone of the person behind it, e.g. Europe/Berlin: for quiet hours and bot replies. */
                                timeZone?: string;
                            } & {
                                [key: string]: unknown;
                            };
                            /** @description Quiet hours; a rule’s replace its receivers’. null for none. */
                            quietHours: {
                                /**
                                 * @description Events of this severity or higher are sent as usual.
                                 * @enum {unknown}
                                 */
                                bypassFrom?: "debug" | "info" | "warning" | "error" | "critical";
                                /** @description The days a window starts on; default every day. A 22:00-07:00 window of fri ends on saturday. */
                                days?: ("mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun")[];
                                /**
                                 * @description Local time it ends, HH:MM; earlier than start means the next day.
                                 * @example 07:00
                                 */
                                end: string;
                                /**
                                 * @description defer (default): send when the window ends; drop: never send; quiet: send now without sound.
                                 * @enum {unknown}
                                 */
                                policy?: "defer" | "drop" | "quiet";
                                /**
                                 * @description Local time the window starts, HH:MM.
                                 * @example 22:00
                                 */
                                start: string;
                                /** @description IANA zone, e.g. Europe/Berlin. Default: the receiver's `options.timeZone`, else its owner's account time zone, else NB_TIME_ZONE. */
                                timeZone?: string;
                            } | null;
                            /**
                             * @description At most this many messages, over every node; the rest wait (deferred, not dropped) until the limit lets them through. null: none.
                             * @example {
                             *       "count": 20,
                             *       "per": "minute"
                             *     }
                             */
                            rateLimit: {
                                /** @description How many may go at once after a quiet spell; default `count`. */
                                burst?: number;
                                /** @description Messages per period. */
                                count: number;
                                /**
                                 * @description second, minute, hour or day.
                                 * @enum {unknown}
                                 */
                                per: "second" | "minute" | "hour" | "day";
                            } | null;
                            /** @description A ULID. */
                            targetId: string;
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/targets/{id}/receivers/{receiverId}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a test message to a receiver now
         * @description Sends synchronously and reports what the channel answered. Stores nothing.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                    /** @description A ULID. */
                    receiverId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error?: {
                                code?: string;
                                httpStatus?: number;
                                /** @enum {unknown} */
                                kind: "rejected" | "transport" | "internal";
                                message: string;
                            };
                            providerMessageId?: string;
                            retryAfterMs?: number;
                            /** @enum {unknown} */
                            status: "sent" | "retry" | "failed";
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/targets/{id}/receivers/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Enable, disable or delete several of a target's receivers
         * @description Ids of another target's receivers answer not_found, and so do the receivers a shared target lends (only its owner changes those). Enabling clears `disabledReason`. One transaction; one audit entry per row changed. Answers 200 with an outcome per id, also when some are not found.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description enable or disable (sets `enabled`), or delete (as DELETE on each id does).
                         * @enum {unknown}
                         */
                        action: "enable" | "disable" | "delete";
                        /** @description The rows to act on, 1 to 500, each once. */
                        ids: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description One per id, in the order of the request. */
                            items: {
                                /** @description A ULID. */
                                id: string;
                                /** @description Why, for not_found and forbidden. */
                                message?: string;
                                /**
                                 * @description done: changed (one audit entry); unchanged: already so (no entry); not_found: no such row you may see (another owner's answers so too, untouched); forbidden: a row that cannot be changed so (a built-in source; a rule reaching everyone's events without the admin scope).
                                 * @enum {unknown}
                                 */
                                outcome: "done" | "unchanged" | "not_found" | "forbidden";
                            }[];
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/targets/{id}/shares": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who a target is shared with */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                createdAt: string;
                                /** @description A ULID. */
                                userId: string;
                                userName: string;
                            }[];
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/targets/{id}/shares/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Share a target with a user (their rules may use its receivers; its config stays hidden) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                    /** @description A ULID. */
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            createdAt: string;
                            /** @description A ULID. */
                            userId: string;
                            userName: string;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        post?: never;
        /**
         * Stop sharing a target with a user
         * @description Their rules stop sending to its receivers at once. Receivers they added stay (their rules no longer reach them) and work again if the target is shared with them again.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                    /** @description A ULID. */
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No body. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/targets/{id}/url": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export a target and its receivers as an Apprise-style URL
         * @description Secrets are replaced by *** unless ?secrets=true, which needs the write scope. Settings the URL form has no place for (a Telegram apiRoot, a webhook signing secret) are left out.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Put the secrets into the URL (needs the write scope); else each is replaced by ***. */
                    secrets?: boolean;
                };
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description An Apprise-style URL (tgram://, mailtos://, ntfys://, discord://, slack://, gotifys://, pover://, jsons://, mqtt://); the README's "Targets from URLs" lists the forms. */
                            url: string;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/targets/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Enable, disable or delete several targets
         * @description Deleting a target deletes its receivers and their deliveries. One transaction; one audit entry per row changed. Answers 200 with an outcome per id, also when some are not found.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description enable or disable (sets `enabled`), or delete (as DELETE on each id does).
                         * @enum {unknown}
                         */
                        action: "enable" | "disable" | "delete";
                        /** @description The rows to act on, 1 to 500, each once. */
                        ids: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description One per id, in the order of the request. */
                            items: {
                                /** @description A ULID. */
                                id: string;
                                /** @description Why, for not_found and forbidden. */
                                message?: string;
                                /**
                                 * @description done: changed (one audit entry); unchanged: already so (no entry); not_found: no such row you may see (another owner's answers so too, untouched); forbidden: a row that cannot be changed so (a built-in source; a rule reaching everyone's events without the admin scope).
                                 * @enum {unknown}
                                 */
                                outcome: "done" | "unchanged" | "not_found" | "forbidden";
                            }[];
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/targets/from-url": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a target and its receivers from an Apprise-style URL
         * @description One transaction: the target with its secrets sealed, and a receiver per chat, topic, channel or recipient list the URL names. Errors say what is wrong without quoting the URL.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        /** @description An Apprise-style URL (tgram://, mailtos://, ntfys://, discord://, slack://, gotifys://, pover://, jsons://, mqtt://); the README's "Targets from URLs" lists the forms. */
                        url: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            receivers: {
                                /** @description The member who added it to a target shared with them; null for the target owner’s own. */
                                addedBy: string | null;
                                /** @description What one addressee is, per the channel's addressSchema. */
                                address: unknown;
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                createdAt: string;
                                /** @description Why the bridge disabled it. */
                                disabledReason: string | null;
                                enabled: boolean;
                                /** @description A ULID. */
                                id: string;
                                name: string;
                                /** @description Per-receiver options; channels may read more. */
                                options: {
                                    /** @description BCP 47, e.g. de-CH. */
                                    locale?: string;
                                    /** @description Deliver without a sound where the channel can. */
                                    silent?: boolean;
                                    /** @description IANA zone of the person behind it, e.g. Europe/Berlin: for quiet hours and bot replies. */
                                    timeZone?: string;
                                } & {
                                    [key: string]: unknown;
                                };
                                /** @description Quiet hours; a rule’s replace its receivers’. null for none. */
                                quietHours: {
                                    /**
                                     * @description Events of this severity or higher are sent as usual.
                                     * @enum {unknown}
                                     */
                                    bypassFrom?: "debug" | "info" | "warning" | "error" | "critical";
                                    /** @description The days a window starts on; default every day. A 22:00-07:00 window of fri ends on saturday. */
                                    days?: ("mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun")[];
                                    /**
                                     * @description Local time it ends, HH:MM; earlier than start means the next day.
                                     * @example 07:00
                                     */
                                    end: string;
                                    /**
                                     * @description defer (default): send when the window ends; drop: never send; quiet: send now without sound.
                                     * @enum {unknown}
                                     */
                                    policy?: "defer" | "drop" | "quiet";
                                    /**
                                     * @description Local time the window starts, HH:MM.
                                     * @example 22:00
                                     */
                                    start: string;
                                    /** @description IANA zone, e.g. Europe/Berlin. Default: the receiver's `options.timeZone`, else its owner's account time zone, else NB_TIME_ZONE. */
                                    timeZone?: string;
                                } | null;
                                /**
                                 * @description At most this many messages, over every node; the rest wait (deferred, not dropped) until the limit lets them through. null: none.
                                 * @example {
                                 *       "count": 20,
                                 *       "per": "minute"
                                 *     }
                                 */
                                rateLimit: {
                                    /** @description How many may go at once after a quiet spell; default `count`. */
                                    burst?: number;
                                    /** @description Messages per period. */
                                    count: number;
                                    /**
                                     * @description second, minute, hour or day.
                                     * @enum {unknown}
                                     */
                                    per: "second" | "minute" | "hour" | "day";
                                } | null;
                                /** @description A ULID. */
                                targetId: string;
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                updatedAt: string;
                            }[];
                            target: {
                                /** @description Sends in flight to this target at once, per node (default 16): protects the destination from a burst of parallel requests; raise it for a fast destination that takes more. */
                                concurrency: number;
                                config: {
                                    [key: string]: unknown;
                                };
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                createdAt: string;
                                enabled: boolean;
                                /** @description A ULID. */
                                id: string;
                                kind: string;
                                name: string;
                                /** @description A ULID. */
                                ownerId: string;
                                /**
                                 * @description At most this many messages, over every node; the rest wait (deferred, not dropped) until the limit lets them through. null: none.
                                 * @example {
                                 *       "count": 20,
                                 *       "per": "minute"
                                 *     }
                                 */
                                rateLimit: {
                                    /** @description How many may go at once after a quiet spell; default `count`. */
                                    burst?: number;
                                    /** @description Messages per period. */
                                    count: number;
                                    /**
                                     * @description second, minute, hour or day.
                                     * @enum {unknown}
                                     */
                                    per: "second" | "minute" | "hour" | "day";
                                } | null;
                                /** @description Secret config fields that have a value; never returned. */
                                secretsSet: string[];
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/targets/shared": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The targets admins shared with you, whose receivers your rules may use
         * @description Their receivers are listed under /targets/{id}/receivers; their config is not yours to read.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                enabled: boolean;
                                /** @description A ULID. */
                                id: string;
                                kind: string;
                                name: string;
                                /** @description Who shared it. */
                                ownerName: string;
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                sharedAt: string;
                            }[];
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List templates, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description The `nextCursor` of the previous page; absent for the newest. */
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description At least one of text, markdown and html. */
                                bodies: {
                                    /** @description Liquid template of the HTML body. */
                                    html?: string;
                                    /** @description Liquid template of the Markdown body. */
                                    markdown?: string;
                                    /** @description Liquid template of the plain-text body. */
                                    text?: string;
                                    /** @description Liquid template of the title. */
                                    title?: string;
                                };
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                createdAt: string;
                                /** @description A ULID. */
                                id: string;
                                name: string;
                                /** @description A ULID. */
                                ownerId: string;
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                updatedAt: string;
                                /** @description Starts at 1; every change adds one. */
                                version: number;
                            }[];
                            /** @description null on the last page. */
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        /** Create a template */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description At least one of text, markdown and html. */
                        bodies: {
                            /** @description Liquid template of the HTML body. */
                            html?: string;
                            /** @description Liquid template of the Markdown body. */
                            markdown?: string;
                            /** @description Liquid template of the plain-text body. */
                            text?: string;
                            /** @description Liquid template of the title. */
                            title?: string;
                        };
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description At least one of text, markdown and html. */
                            bodies: {
                                /** @description Liquid template of the HTML body. */
                                html?: string;
                                /** @description Liquid template of the Markdown body. */
                                markdown?: string;
                                /** @description Liquid template of the plain-text body. */
                                text?: string;
                                /** @description Liquid template of the title. */
                                title?: string;
                            };
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            createdAt: string;
                            /** @description A ULID. */
                            id: string;
                            name: string;
                            /** @description A ULID. */
                            ownerId: string;
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            updatedAt: string;
                            /** @description Starts at 1; every change adds one. */
                            version: number;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/templates/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a template */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description At least one of text, markdown and html. */
                            bodies: {
                                /** @description Liquid template of the HTML body. */
                                html?: string;
                                /** @description Liquid template of the Markdown body. */
                                markdown?: string;
                                /** @description Liquid template of the plain-text body. */
                                text?: string;
                                /** @description Liquid template of the title. */
                                title?: string;
                            };
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            createdAt: string;
                            /** @description A ULID. */
                            id: string;
                            name: string;
                            /** @description A ULID. */
                            ownerId: string;
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            updatedAt: string;
                            /** @description Starts at 1; every change adds one. */
                            version: number;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a template (rules using it fall back to the default template) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No body. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a template (its version goes up by one) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description At least one of text, markdown and html. */
                        bodies?: {
                            /** @description Liquid template of the HTML body. */
                            html?: string;
                            /** @description Liquid template of the Markdown body. */
                            markdown?: string;
                            /** @description Liquid template of the plain-text body. */
                            text?: string;
                            /** @description Liquid template of the title. */
                            title?: string;
                        };
                        name?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description At least one of text, markdown and html. */
                            bodies: {
                                /** @description Liquid template of the HTML body. */
                                html?: string;
                                /** @description Liquid template of the Markdown body. */
                                markdown?: string;
                                /** @description Liquid template of the plain-text body. */
                                text?: string;
                                /** @description Liquid template of the title. */
                                title?: string;
                            };
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            createdAt: string;
                            /** @description A ULID. */
                            id: string;
                            name: string;
                            /** @description A ULID. */
                            ownerId: string;
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            updatedAt: string;
                            /** @description Starts at 1; every change adds one. */
                            version: number;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/templates/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Delete several templates at once
         * @description Rules using them fall back to the default template. One transaction; one audit entry per row changed. Answers 200 with an outcome per id, also when some are not found.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description enable or disable (sets `enabled`), or delete (as DELETE on each id does).
                         * @enum {unknown}
                         */
                        action: "delete";
                        /** @description The rows to act on, 1 to 500, each once. */
                        ids: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description One per id, in the order of the request. */
                            items: {
                                /** @description A ULID. */
                                id: string;
                                /** @description Why, for not_found and forbidden. */
                                message?: string;
                                /**
                                 * @description done: changed (one audit entry); unchanged: already so (no entry); not_found: no such row you may see (another owner's answers so too, untouched); forbidden: a row that cannot be changed so (a built-in source; a rule reaching everyone's events without the admin scope).
                                 * @enum {unknown}
                                 */
                                outcome: "done" | "unchanged" | "not_found" | "forbidden";
                            }[];
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/templates/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Render an unsaved template against an event
         * @description The event is `event` (pasted), else `eventId`, else your newest event whose type matches `eventTypes` (any type when left out). Nothing is stored or sent.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description At least one of text, markdown and html. */
                        bodies: {
                            /** @description Liquid template of the HTML body. */
                            html?: string;
                            /** @description Liquid template of the Markdown body. */
                            markdown?: string;
                            /** @description Liquid template of the plain-text body. */
                            text?: string;
                            /** @description Liquid template of the title. */
                            title?: string;
                        };
                        /** @description A made-up event, as the events API shows one; fields left out are empty. */
                        event?: {
                            body?: string;
                            data?: unknown;
                            /** @enum {unknown} */
                            severity?: "debug" | "info" | "warning" | "error" | "critical";
                            tags?: string[];
                            title?: string;
                            type?: string;
                            url?: string | null;
                        };
                        /** @description A ULID. */
                        eventId?: string;
                        /** @description Without `event` or `eventId`: use your newest event whose type matches one of these globs. */
                        eventTypes?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            event: {
                                /** @description null for a pasted event. */
                                id: string | null;
                                title: string;
                                type: string;
                            };
                            /** @description One per body the template has, in the order text, markdown, html. */
                            renders: {
                                body: string;
                                /** @enum {unknown} */
                                format: "text" | "markdown" | "html";
                                title: string;
                            }[];
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List API tokens, newest first (an admin scope sees every user’s) */
        get: {
            parameters: {
                query?: {
                    /** @description The `nextCursor` of the previous page; absent for the newest. */
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                createdAt: string;
                                expiresAt: string | null;
                                /** @description A ULID. */
                                id: string;
                                lastUsedAt: string | null;
                                name: string;
                                /** @description The first characters of the token, to tell tokens apart. */
                                prefix: string;
                                revokedAt: string | null;
                                scopes: ("read" | "write" | "admin")[];
                                /** @description A ULID. */
                                userId: string;
                            }[];
                            /** @description null on the last page. */
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        /** Create an API token of the caller; the answer shows it once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description When it stops working; absent or null for never. */
                        expiresAt?: string | null;
                        name: string;
                        /** @description `read` sees rows, `write` also changes them, `admin` also reaches every user’s rows and the users (an admin’s tokens only). A token never gets more than the credentials that create it. */
                        scopes: ("read" | "write" | "admin")[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            createdAt: string;
                            expiresAt: string | null;
                            /** @description A ULID. */
                            id: string;
                            lastUsedAt: string | null;
                            name: string;
                            /** @description The first characters of the token, to tell tokens apart. */
                            prefix: string;
                            revokedAt: string | null;
                            scopes: ("read" | "write" | "admin")[];
                            /** @description The token (`nbt_...`): shown this once, stored only as its SHA-256. */
                            token: string;
                            /** @description A ULID. */
                            userId: string;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API token; it stops working at once */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No body. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/topics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List topics, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description The `nextCursor` of the previous page; absent for the newest. */
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description `public`: anyone may subscribe; `token`: a subscriber token for the topic is needed. */
                                access: "public" | "token";
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                createdAt: string;
                                description: string;
                                external: boolean;
                                /** @description A ULID. */
                                id: string;
                                name: string;
                                /** @description A ULID. */
                                ownerId: string;
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                updatedAt: string;
                            }[];
                            /** @description null on the last page. */
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        /** Create a topic */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description `public`: anyone may subscribe; `token`: a subscriber token for the topic is needed. */
                        access?: "public" | "token";
                        description?: string;
                        /** @description Whether it can be subscribed to from outside at all; if not, its stream answers 404. */
                        external?: boolean;
                        /** @description Letters, digits, `-` and `_`, up to 64 (as ntfy allows); unique across all users. */
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description `public`: anyone may subscribe; `token`: a subscriber token for the topic is needed. */
                            access: "public" | "token";
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            createdAt: string;
                            description: string;
                            external: boolean;
                            /** @description A ULID. */
                            id: string;
                            name: string;
                            /** @description A ULID. */
                            ownerId: string;
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/topics/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a topic */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description `public`: anyone may subscribe; `token`: a subscriber token for the topic is needed. */
                            access: "public" | "token";
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            createdAt: string;
                            description: string;
                            external: boolean;
                            /** @description A ULID. */
                            id: string;
                            name: string;
                            /** @description A ULID. */
                            ownerId: string;
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a topic
         * @description Its stored entries go with retention; receivers that name it fail their next delivery and are disabled.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No body. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a topic
         * @description Renaming it breaks the receivers and subscribers that name it by its old name; tokens name it by id and stay valid.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description `public`: anyone may subscribe; `token`: a subscriber token for the topic is needed. */
                        access?: "public" | "token";
                        description?: string;
                        /** @description Whether it can be subscribed to from outside at all; if not, its stream answers 404. */
                        external?: boolean;
                        /** @description Letters, digits, `-` and `_`, up to 64 (as ntfy allows); unique across all users. */
                        name?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description `public`: anyone may subscribe; `token`: a subscriber token for the topic is needed. */
                            access: "public" | "token";
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            createdAt: string;
                            description: string;
                            external: boolean;
                            /** @description A ULID. */
                            id: string;
                            name: string;
                            /** @description A ULID. */
                            ownerId: string;
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/topics/{id}/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mint a subscriber token for a topic
         * @description A short-lived signed token an app subscribes with (`Authorization: Bearer nbst_...`, `?token=`, or as ntfy clients send credentials). Answered once; the server keeps no copy, so it cannot be listed or revoked: keep the lifetime short and mint a new one when it runs out.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description How long the token lives; clamped to NB_SUBSCRIBER_TOKEN_TTL_MIN_SECONDS..NB_SUBSCRIBER_TOKEN_TTL_MAX_SECONDS (default: the maximum). */
                        ttlSeconds?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            expiresAt: string;
                            /** @description `nbst_...`: shown once, stored nowhere. */
                            token: string;
                            /** @description A ULID. */
                            topicId: string;
                            /** @description The lifetime it got, after clamping. */
                            ttlSeconds: number;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/topics/{name}/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Subscribe to a topic
         * @description Server-Sent Events. Each entry is `id: <id>`, `event: <type>`, `data: {"id","stream","type","at","data"}`; ids increase in commit order and survive restarts, so reconnecting with `Last-Event-ID` (or `since`) gets every entry missed, in order, none twice. `: keepalive` comments come every NB_STREAM_HEARTBEAT_SECONDS. A resume from before the retention starts with `event: gap` (`{"after","oldest"}`); a subscriber that reads too slowly gets `event: dropped` (`{"reason","lastId"}`) and the stream ends. Public topics need no credentials; token topics a subscriber token (`Authorization: Bearer nbst_...` or `?token=`). An unknown topic and one that is not external answer the same 404; every token failure is the same 401.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Resume after this entry id (`Last-Event-ID` wins). */
                    since?: number;
                    /** @description The subscriber token, for clients that cannot set headers (EventSource). */
                    token?: string;
                };
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description text/event-stream */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/topics/signing-keys/rotate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate the key that signs subscriber tokens
         * @description New tokens are signed with a new key; tokens signed before stay valid until they expire. Keys retired longer ago than NB_SUBSCRIBER_TOKEN_TTL_MAX_SECONDS are deleted.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Retired keys deleted because every token they signed has expired. */
                            deleted: number;
                            /** @description The new current signing key. */
                            keyId: string;
                            /** @description Keys that stopped signing; their tokens stay valid until they expire. */
                            retired: number;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List users, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description The `nextCursor` of the previous page; absent for the newest. */
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /**
                                 * Format: date-time
                                 * @description ISO-8601, UTC.
                                 */
                                createdAt: string;
                                /** @description A disabled user’s sessions and tokens are refused. */
                                disabled: boolean;
                                displayName: string;
                                /** @description A ULID. */
                                id: string;
                                locale: string | null;
                                name: string;
                                /** @description `admin` manages everything, users included; `member` their own resources. */
                                role: "admin" | "member";
                                timeZone: string | null;
                            }[];
                            /** @description null on the last page. */
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        /** Create a user with a password */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Shown instead of the name. */
                        displayName?: string;
                        /** @description BCP 47 (`en`, `de-CH`) for the UI and this user’s notifications. */
                        locale?: string;
                        /** @description The sign-in name: letters, digits, `._@-`; stored lower case. */
                        name: string;
                        /** @description At least 12 characters. Write-only. */
                        password: string;
                        /** @description `admin` manages everything, users included; `member` their own resources. */
                        role?: "admin" | "member";
                        /** @description IANA zone (`Europe/Zurich`); absent or null uses NB_TIME_ZONE. */
                        timeZone?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            createdAt: string;
                            /** @description A disabled user’s sessions and tokens are refused. */
                            disabled: boolean;
                            displayName: string;
                            /** @description A ULID. */
                            id: string;
                            locale: string | null;
                            name: string;
                            /** @description `admin` manages everything, users included; `member` their own resources. */
                            role: "admin" | "member";
                            timeZone: string | null;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a user */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            createdAt: string;
                            /** @description A disabled user’s sessions and tokens are refused. */
                            disabled: boolean;
                            displayName: string;
                            /** @description A ULID. */
                            id: string;
                            locale: string | null;
                            name: string;
                            /** @description `admin` manages everything, users included; `member` their own resources. */
                            role: "admin" | "member";
                            timeZone: string | null;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a user, handing their resources to another user or deleting them
         * @description A user who owns sources, targets, templates, rules, silences or events needs an answer: `?handOverTo=<user id>` moves them to that user, `?resources=delete` deletes them. Without one the answer is 409 with the counts in `details`. The first admin (who owns the built-in bridge source) cannot be deleted.
         */
        delete: {
            parameters: {
                query?: {
                    /** @description A ULID. */
                    handOverTo?: string;
                    resources?: "delete";
                };
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No body. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a user: profile, role, password, or disable and enable */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description true stops the user’s sessions and tokens at once. */
                        disabled?: boolean;
                        displayName?: string | null;
                        locale?: string | null;
                        /** @description At least 12 characters. Write-only. */
                        password?: string;
                        /** @description `admin` manages everything, users included; `member` their own resources. */
                        role?: "admin" | "member";
                        timeZone?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * Format: date-time
                             * @description ISO-8601, UTC.
                             */
                            createdAt: string;
                            /** @description A disabled user’s sessions and tokens are refused. */
                            disabled: boolean;
                            displayName: string;
                            /** @description A ULID. */
                            id: string;
                            locale: string | null;
                            name: string;
                            /** @description `admin` manages everything, users included; `member` their own resources. */
                            role: "admin" | "member";
                            timeZone: string | null;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/users/{id}/unlock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Lift a sign-in lockout of the user’s name
         * @description Forgets the failed sign-ins counted on the user’s name, so they may sign in at once. A client address that is locked stays locked.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description A ULID. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The failures that were counted. */
                            failures: number;
                            /** @description The name was locked until now. */
                            wasLocked: boolean;
                        };
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/apprise/notify/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * apprise compatibility: /apprise/notify/:key
         * @description Accepts notifications from anything that calls the Apprise API (POST /apprise/notify/<key>). Finds its `apprise` source by the key in the request, authenticates with that source's credentials and answers in the sender's own protocol (see the README).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    key: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/channels/{targetId}/updates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Updates pushed by a two-way channel's far side (a Telegram bot in webhook mode)
         * @description The bridge registers this URL itself (`NB_PUBLIC_URL`); the channel checks its secret header (Telegram's `X-Telegram-Bot-Api-Secret-Token`) before the body is read.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    targetId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/discord/{id}/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * discord compatibility: /discord/:id/:token
         * @description Accepts messages from anything that posts to a Discord webhook (POST /discord/<id>/<token>). Finds its `discord` source by the key in the request, authenticates with that source's credentials and answers in the sender's own protocol (see the README).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/gotify/message": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * gotify compatibility: /gotify/message
         * @description Accepts messages from anything that speaks the Gotify API (POST /gotify/message). Finds its `gotify` source by the key in the request, authenticates with that source's credentials and answers in the sender's own protocol (see the README).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process answers */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/hooks/{sourceId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Post an event to a push source
         * @description Any push kind (webhook, the forges, Alertmanager, Planka) at its source id. Authenticated by the source's own credentials (bearer, basic or a signature over the raw body), checked before the body is read. Answers `202 {"id", "duplicate": false}` once the event and its deliveries are committed, `200 {"id", "duplicate": true, "dedup": {"by", "of", "windowSeconds", "until"}}` for a repeat: `by` is `key` for the same delivery id (kept NB_DEDUP_WINDOW_HOURS) or `body` for the same body without one (kept the source's bodyDedupWindowMinutes), `of` the earlier event's id, `until` when a repeat is a new event again (null: never).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    sourceId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ntfy/{topic}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * ntfy compatibility: /ntfy/:topic
         * @description Accepts messages from anything that publishes to ntfy (PUT/POST /ntfy/<topic>, JSON to /). Finds its `ntfy` source by the key in the request, authenticates with that source's credentials and answers in the sender's own protocol (see the README).
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    topic: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        /**
         * ntfy compatibility: /ntfy/:topic
         * @description Accepts messages from anything that publishes to ntfy (PUT/POST /ntfy/<topic>, JSON to /). Finds its `ntfy` source by the key in the request, authenticates with that source's credentials and answers in the sender's own protocol (see the README).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    topic: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: the database answers, every migration is applied and the dispatcher runs */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description database, migrations, dispatcher: "ok" or what is wrong. */
                            checks: {
                                [key: string]: string;
                            };
                            status: "ready" | "not ready";
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description database, migrations, dispatcher: "ok" or what is wrong. */
                            checks: {
                                [key: string]: string;
                            };
                            status: "ready" | "not ready";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/slack/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * slack compatibility: /slack/:token
         * @description Accepts messages from anything that posts to a Slack incoming webhook (POST /slack/<token>). Finds its `slack` source by the key in the request, authenticates with that source's credentials and answers in the sender's own protocol (see the README).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description Every error of the API has this body; `code` is one of the NB_ERR_* codes. */
        ErrorBody: {
            error: {
                /** @enum {unknown} */
                code: "NB_ERR_VALIDATION" | "NB_ERR_MALFORMED_BODY" | "NB_ERR_UNAUTHORIZED" | "NB_ERR_SIGNATURE" | "NB_ERR_SIGN_IN_FAILED" | "NB_ERR_FORBIDDEN" | "NB_ERR_SIGN_IN_DENIED" | "NB_ERR_NOT_FOUND" | "NB_ERR_CONFLICT" | "NB_ERR_BODY_TOO_LARGE" | "NB_ERR_UNSUPPORTED_MEDIA_TYPE" | "NB_ERR_TEMPLATE" | "NB_ERR_TOO_MANY_ATTEMPTS" | "NB_ERR_RATE_LIMITED" | "NB_ERR_TOO_MANY_STREAMS" | "NB_ERR_UNAVAILABLE" | "NB_ERR_INTERNAL";
                details?: unknown;
                message: string;
                requestId: string;
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
