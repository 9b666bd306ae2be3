import type { FastifyInstance } from 'fastify';
import type { ApiOptions } from './api-options.ts';
import { auditRoutes } from './audit.ts';
import { authenticate, requireDeclaredScope } from './auth.ts';
import { deliveryRoutes } from './deliveries.ts';
import { eventRoutes } from './events.ts';
import { kindRoutes } from './kinds.ts';
import { oidcRoutes } from './oidc.ts';
import { openApiDocumentRoute } from './openapi.ts';
import { receiverCandidateRoutes } from './receiver-candidates.ts';
import { receiverRoutes } from './receivers.ts';
import { ruleActionRoutes } from './rule-actions.ts';
import { ruleRoutes } from './rules.ts';
import { ErrorBody } from './schemas.ts';
import { sessionRoutes, signInRoute } from './sessions.ts';
import { settingsRoutes } from './settings.ts';
import { setupRoute } from './setup.ts';
import { signInMethodsRoute } from './sign-in-methods.ts';
import { silenceRoutes } from './silences.ts';
import { sourceRoutes } from './sources.ts';
import { statsRoutes } from './stats.ts';
import { streamRoutes } from './streams.ts';
import { targetShareRoutes } from './target-shares.ts';
import { targetUrlRoutes } from './target-urls.ts';
import { targetRoutes } from './targets.ts';
import { templatePreviewRoute } from './template-preview.ts';
import { templateRoutes } from './templates.ts';
import { tokenRoutes } from './tokens.ts';
import { topicRoutes, topicStreamRoute } from './topics.ts';
import { userRoutes } from './users.ts';

/**
 * Everything under /api/v1. Each resource is its own plugin file; all of them require an API token or a
 * session with the scope each route declares. The OpenAPI document, setup and sign-in are the public
 * routes, outside the authenticated child context.
 */
export async function apiRoutes(app: FastifyInstance, registered: ApiOptions): Promise<void> {
  // Fastify passes the register options on, `prefix` included; handed to the children as is, each would
  // add /api/v1 a second time.
  const { prefix: _prefix, ...options } = registered as ApiOptions & { prefix?: string };
  app.addSchema(ErrorBody);
  openApiDocumentRoute(app);
  setupRoute(app, options);
  signInRoute(app, options);
  signInMethodsRoute(app, options);
  // Subscribers authenticate with a topic's own tokens, or not at all on a public topic.
  topicStreamRoute(app, options);
  oidcRoutes(app, options);
  await app.register(async (secured) => {
    secured.addHook('onRoute', requireDeclaredScope);
    secured.addHook('onRequest', authenticate(options));
    await secured.register(sourceRoutes, options);
    await secured.register(targetRoutes, options);
    await secured.register(targetShareRoutes, options);
    await secured.register(targetUrlRoutes, options);
    await secured.register(receiverRoutes, options);
    await secured.register(receiverCandidateRoutes, options);
    await secured.register(templateRoutes, options);
    await secured.register(templatePreviewRoute, options);
    await secured.register(ruleRoutes, options);
    await secured.register(ruleActionRoutes, options);
    await secured.register(eventRoutes, options);
    await secured.register(deliveryRoutes, options);
    await secured.register(silenceRoutes, options);
    await secured.register(kindRoutes);
    await secured.register(sessionRoutes, options);
    await secured.register(tokenRoutes, options);
    await secured.register(userRoutes, options);
    await secured.register(streamRoutes, options);
    await secured.register(topicRoutes, options);
    await secured.register(auditRoutes, options);
    await secured.register(statsRoutes, options);
    await secured.register(settingsRoutes, { effective: options.effective });
  });
}
