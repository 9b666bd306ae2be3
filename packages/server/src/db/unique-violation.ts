/** True for a UNIQUE constraint failure, on SQLite and Postgres alike. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  // Postgres: SQLSTATE 23505; SQLite: "UNIQUE constraint failed: ..." (node:sqlite's errcode 2067).
  return code === '23505' || (typeof message === 'string' && message.startsWith('UNIQUE constraint failed'));
}
