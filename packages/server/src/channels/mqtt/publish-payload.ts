import type { RenderedMessage } from '../../render/message.ts';
import { type MqttAddress, topicForbidden } from './config-schema.ts';

const placeholders = /\{(type|severity|eventId)\}/g;

/** The address's topic with the event's values put in; a value can never add a wildcard or a NUL. */
export function publishTopic(template: string, message: RenderedMessage): string {
  const values = { type: message.eventType, severity: message.severity, eventId: message.eventId };
  return template.replace(placeholders, (_, name: keyof typeof values) =>
    values[name].replace(new RegExp(topicForbidden, 'g'), '_'),
  );
}

export function publishPayload(message: RenderedMessage, address: MqttAddress, deliveryId: string): string {
  const title = message.title.trim();
  const body = message.body.trim();
  if ((address.payload ?? 'json') === 'text') return [title, body].filter((part) => part !== '').join('\n');
  return JSON.stringify({
    eventId: message.eventId,
    deliveryId,
    type: message.eventType,
    severity: message.severity,
    title,
    body,
    url: message.url,
    tags: message.tags,
    occurredAt: new Date(message.occurredAt).toISOString(),
  });
}
