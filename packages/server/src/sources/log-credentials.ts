import type { LogCredentials } from '../telemetry/log-credentials.ts';
import type { SourceKind } from './source.ts';

/**
 * The credentials every push kind declares, as one list for the logger to hide. With `ownPortOf`, for the
 * logger of that kind's own port: its routes' `ownPortUrl` patterns too (`/:topic` there, where every path
 * is a topic; on the main port that pattern would hide every path).
 */
export function logCredentialsOf(kinds: readonly SourceKind[], ownPortOf?: SourceKind): LogCredentials {
  const paths: { url: string; params: readonly string[] }[] = [];
  const query = new Set<string>();
  const headers = new Set<string>();
  for (const kind of kinds) {
    for (const route of kind.ingress?.routes ?? []) {
      if (!route.credentialParams?.length) continue;
      paths.push({ url: route.url, params: route.credentialParams });
      if (kind === ownPortOf && route.ownPortUrl)
        paths.push({ url: route.ownPortUrl, params: route.credentialParams });
    }
    for (const name of kind.ingress?.credentials?.query ?? []) query.add(name);
    for (const name of kind.ingress?.credentials?.headers ?? []) headers.add(name);
  }
  return { paths, query: [...query], headers: [...headers] };
}
