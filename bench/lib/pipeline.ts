import type { BenchServer } from './server.ts';

/** A webhook source without auth, for load generators to post to. */
export async function webhookSource(server: BenchServer): Promise<string> {
  return (
    await server.api('POST', '/sources', {
      kind: 'webhook',
      name: 'bench',
      config: { auth: { mode: 'none' } },
    })
  ).id;
}

/**
 * A source, a webhook target at the sink with one receiver, and a rule sending every event there. The
 * target has the default settings a user gets, unless `concurrency` is given.
 */
export async function pipeline(server: BenchServer, sinkUrl: string, concurrency?: number) {
  const sourceId = await webhookSource(server);
  const targetId = (
    await server.api('POST', '/targets', {
      kind: 'webhook',
      name: 'sink',
      config: { url: sinkUrl },
      ...(concurrency === undefined ? {} : { concurrency }),
    })
  ).id;
  const receiverId = (
    await server.api('POST', `/targets/${targetId}/receivers`, { name: 'sink', address: {} })
  ).id;
  const ruleId = (
    await server.api('POST', '/rules', {
      name: 'all',
      sourceIds: [sourceId],
      eventTypes: ['**'],
      receiverIds: [receiverId],
    })
  ).id;
  return { sourceId, targetId, receiverId, ruleId };
}
