import type { LogCredentials } from '../telemetry/log-credentials.ts';
import type { SourceKind } from './source.ts';

/** The credentials every push kind declares, as one list for the logger to hide. */
export function logCredentialsOf(kinds: readonly SourceKind[]): LogCredentials {
  const paths: { url: string; params: readonly string[] }[] = [];
  const query = new Set<string>();
  const headers = new Set<string>();
  for (const kind of kinds) {
    for (const route of kind.ingress?.routes ?? []) {
      if (route.credentialParams?.length) paths.push({ url: route.url, params: route.credentialParams });
    }
    for (const name of kind.ingress?.credentials?.query ?? []) query.add(name);
    for (const name of kind.ingress?.credentials?.headers ?? []) headers.add(name);
  }
  return { paths, query: [...query], headers: [...headers] };
}
