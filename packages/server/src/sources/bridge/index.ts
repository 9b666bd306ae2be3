import { Type } from 'typebox';
import type { SourceKind } from '../source.ts';

/**
 * The bridge's own events (`delivery.dead`, later `receiver.disabled`, `source.failing`, ...). There is one
 * per installation, created at start; rules on it are how operators hear about trouble.
 */
export const bridgeSource: SourceKind<Record<string, never>> = {
  kind: 'bridge',
  description: "notify-bridge's own events: dead deliveries and other trouble.",
  configSchema: Type.Object({}),
  secretFields: [],
  builtIn: true,
};
