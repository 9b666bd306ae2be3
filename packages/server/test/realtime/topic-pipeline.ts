import { expect } from 'vitest';
import { hookSecret } from '../helpers/pipeline-setup.ts';
import type { TestApp } from '../helpers/test-app.ts';

export interface TopicPipeline {
  sourceId: string;
  topicId: string;
  targetId: string;
  receiverId: string;
}

/** A webhook source, a topic, a `topic` target with a receiver for it, and a catch-all rule: as the admin. */
export async function createTopicPipeline(
  t: TestApp,
  topic: { name: string; access?: 'public' | 'token' },
): Promise<TopicPipeline> {
  const call = async <T>(url: string, body: unknown) => {
    const response = await t.api<T>('POST', url, body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  };
  const source = await call<{ id: string }>('/api/v1/sources', {
    kind: 'webhook',
    name: 'topic source',
    config: { auth: { mode: 'bearer' }, secret: hookSecret },
  });
  const created = await call<{ id: string }>('/api/v1/topics', topic);
  const target = await call<{ id: string }>('/api/v1/targets', { kind: 'topic', name: 'topics', config: {} });
  const receiver = await call<{ id: string }>(`/api/v1/targets/${target.id}/receivers`, {
    name: topic.name,
    address: { topic: topic.name },
  });
  // The event's own title and body, so a subscriber's message reads as what was posted.
  const template = await call<{ id: string }>('/api/v1/templates', {
    name: 'as posted',
    bodies: { title: '{{ event.title }}', text: '{{ event.body }}' },
  });
  await call('/api/v1/rules', {
    name: 'everything to the topic',
    templateId: template.id,
    sourceIds: [source.id],
    eventTypes: ['**'],
    receiverIds: [receiver.id],
  });
  return { sourceId: source.id, topicId: created.id, targetId: target.id, receiverId: receiver.id };
}
