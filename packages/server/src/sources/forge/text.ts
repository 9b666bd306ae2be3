/** Small text helpers the forge mappings share. */

export function firstLine(text: string | undefined | null): string {
  return (text ?? '').split('\n')[0]!.trim();
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function truncate(text: string | undefined | null, max = 1000): string {
  const value = (text ?? '').trim();
  return value.length > max ? `${value.slice(0, max)}…` : value;
}

/** `check_run` -> `check run`: a raw event or action word as it reads in a sentence. */
export function words(raw: string): string {
  return raw.replace(/[_-]+/g, ' ').trim();
}

/** One dot.case segment from free text (a custom `repository_dispatch` action, a GitLab kind). */
export function segment(raw: string): string {
  return raw.toLowerCase().replace(/[^a-z0-9_]+/g, '_');
}

/** A git ref as people say it: `refs/heads/main` -> `main`, `refs/tags/v1` -> `v1`. */
export function shortRef(ref: string | undefined): string {
  return (ref ?? '').replace(/^refs\/(heads|tags)\//, '');
}

/** Git writes the all-zero object id for "no commit": the old side of a created ref, the new side of a deleted one. */
export function isZeroSha(sha: string | undefined | null): boolean {
  return typeof sha === 'string' && /^0+$/.test(sha);
}
