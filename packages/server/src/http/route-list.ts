import type { FastifyInstance } from 'fastify';

export interface RegisteredRoute {
  method: string;
  /** As registered, with its prefix: `/api/v1/sources/:id`. */
  url: string;
}

/**
 * Records every route added to `app` and its children from now on, one entry per method. Fastify has no
 * list of its routes (only `printRoutes()`, a tree drawn as text); an onRoute hook sees each as it comes.
 */
export function recordRoutes(app: FastifyInstance): readonly RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) routes.push({ method, url: route.url });
  });
  return routes;
}
