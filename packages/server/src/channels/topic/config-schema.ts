import { type Static, Type } from 'typebox';
import { topicNamePattern } from '../../realtime/topics/topic-name.ts';

/** A topic target needs nothing of its own: its receivers name the topics, and the bridge is the far side. */
export const TopicTargetConfigSchema = Type.Object({}, { additionalProperties: false });
export type TopicTargetConfig = Static<typeof TopicTargetConfigSchema>;

export const TopicAddressSchema = Type.Object(
  {
    topic: Type.String({
      pattern: topicNamePattern,
      description: "The name of one of the target owner's topics (POST /api/v1/topics).",
    }),
  },
  { additionalProperties: false },
);
export type TopicAddress = Static<typeof TopicAddressSchema>;
