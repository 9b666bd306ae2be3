/** Parses JSON that this service wrote itself (database columns); a failure there is a bug, not user input. */
export function parseJson<T = unknown>(text: string): T {
  return JSON.parse(text) as T;
}
