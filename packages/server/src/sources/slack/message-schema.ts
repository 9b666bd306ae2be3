import { Type } from 'typebox';
import { maybe, maybeText } from '../payload-shape.ts';

const textObject = Type.Object({ text: maybeText() });

/** The fields of a Slack message that flatten.ts reads, with the types it reads them as. */
export const SlackMessageSchema = Type.Object({
  text: maybeText(),
  blocks: maybe(
    Type.Array(
      Type.Object({
        type: maybeText(),
        text: maybe(textObject),
        fields: maybe(Type.Array(textObject)),
        // Elements differ by block type (a button's text is an object, a context element's a string):
        // flatten.ts reads them field by field.
        elements: maybe(Type.Array(Type.Unknown())),
      }),
    ),
  ),
  attachments: maybe(
    Type.Array(
      Type.Object({
        pretext: maybeText(),
        title: maybeText(),
        title_link: maybeText(),
        text: maybeText(),
        fallback: maybeText(),
        fields: maybe(Type.Array(Type.Object({ title: maybeText(), value: maybeText() }))),
      }),
    ),
  ),
});
