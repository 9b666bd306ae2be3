import { settings } from './config.ts';
import { errorCodes } from './errors.ts';

/** The README's configuration table, made from the settings themselves so the two cannot drift apart. */
export function configReference(): string {
  const rows = Object.values(settings).map((s) => {
    const fallback = Array.isArray(s.default)
      ? s.default.join(',')
      : typeof s.default === 'object' && s.default !== null
        ? Object.entries(s.default)
            .map(([name, value]) => `${name}=${String(value)}`)
            .join(',')
        : String(s.default);
    return `| \`${s.env}\` | \`${s.key}\` | ${fallback === '' ? '—' : `\`${fallback}\``} | ${s.doc} |`;
  });
  return ['| variable | file key | default | meaning |', '|---|---|---|---|', ...rows].join('\n');
}

/** The README's table of error codes. */
export function errorReference(): string {
  const rows = Object.entries(errorCodes).map(
    ([code, { status, meaning }]) => `| \`${code}\` | ${status} | ${meaning} |`,
  );
  return ['| code | HTTP | meaning |', '|---|---|---|', ...rows].join('\n');
}
