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

/** Where a pipeline's target delivers: a channel kind with its config and one receiver's address. */
export interface BenchTarget {
  kind: string;
  config: Record<string, unknown>;
  address: Record<string, unknown>;
}

/**
 * A source, a target with one receiver (a webhook at the sink unless `target` names another channel),
 * and a rule sending every event there. The target has the default settings a user gets, unless
 * `concurrency` is given.
 */
export async function pipeline(
  server: BenchServer,
  sinkUrl: string,
  concurrency?: number,
  target?: BenchTarget,
) {
  const sourceId = await webhookSource(server);
  const to = target ?? { kind: 'webhook', config: { url: sinkUrl }, address: {} };
  const targetId = (
    await server.api('POST', '/targets', {
      kind: to.kind,
      name: 'sink',
      config: to.config,
      ...(concurrency === undefined ? {} : { concurrency }),
    })
  ).id;
  const receiverId = (
    await server.api('POST', `/targets/${targetId}/receivers`, { name: 'sink', address: to.address })
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
