/**
 * ntfy's topic charset and length (server.go topicRegex `^[-_A-Za-z0-9]{1,64}$`), so a topic name works
 * unchanged in an ntfy app's subscription and in a URL path without escaping.
 */
export const topicNamePattern = '^[-_A-Za-z0-9]{1,64}$';
const topicName = new RegExp(topicNamePattern);

export function isTopicName(name: string): boolean {
  return topicName.test(name);
}

export const topicAccesses = ['public', 'token'] as const;
export type TopicAccess = (typeof topicAccesses)[number];
