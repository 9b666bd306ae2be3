import { type Answered, type MatrixContext, resolveAlias } from './client-api.ts';

const aliasKey = (alias: string) => `alias:${alias}`;

/**
 * The receiver's room id: as written, or its alias resolved once and kept in the target's state, so a send
 * costs one request. An alias that moved to another room is forgotten when the old room refuses a send.
 */
export async function roomIdOf(ctx: MatrixContext): Promise<Answered<string>> {
  const { room } = ctx.address;
  if (room.startsWith('!')) return { value: room, httpStatus: 200 };
  const cached = await ctx.state.get(aliasKey(room));
  if (cached !== undefined) return { value: cached, httpStatus: 200 };
  const resolved = await resolveAlias(ctx, room);
  if ('value' in resolved) await ctx.state.set(aliasKey(room), resolved.value);
  return resolved;
}

export async function forgetAlias(ctx: MatrixContext): Promise<void> {
  if (ctx.address.room.startsWith('#')) await ctx.state.delete(aliasKey(ctx.address.room));
}
