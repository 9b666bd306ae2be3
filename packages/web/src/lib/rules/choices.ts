import { unwrap } from '@notify-bridge/client';
import { api } from '$lib/api.ts';

/** One receiver a rule can name, labelled with its target: "family bot / kitchen chat". */
export interface ReceiverChoice {
  id: string;
  label: string;
}

/** The caller's receivers, over all their targets (a household has a handful of targets). */
export async function loadReceiverChoices(): Promise<ReceiverChoice[]> {
  const targets = unwrap(await api.GET('/api/v1/targets', { params: { query: { limit: 200 } } }));
  const lists = await Promise.all(
    targets.items.map(async (target) => {
      const receivers = unwrap(
        await api.GET('/api/v1/targets/{id}/receivers', {
          params: { path: { id: target.id }, query: { limit: 200 } },
        }),
      );
      return receivers.items.map((receiver) => ({
        id: receiver.id,
        label: `${target.name} / ${receiver.name}`,
      }));
    }),
  );
  return lists.flat();
}
