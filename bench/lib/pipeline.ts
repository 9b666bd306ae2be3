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

/** A source, a webhook target at the sink with one receiver, and a rule sending every event there. */
export async function pipeline(server: BenchServer, sinkUrl: string, concurrency = 64) {
  const sourceId = await webhookSource(server);
  const targetId = (
    await server.api('POST', '/targets', {
      kind: 'webhook',
      name: 'sink',
      config: { url: sinkUrl },
      concurrency,
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
