import { Type } from 'typebox';
import type { SourceKind } from '../source.ts';

/**
 * The bridge's own events (`delivery.dead`, `receiver.disabled`, later `source.failing`, ...). There is one
 * per installation, created at start and owned by the admin; each event belongs to the user it is about
 * (bridge-events.ts). Rules name it in `sourceIds` to hear about trouble; catch-all rules do not see it.
 */
export const bridgeSource: SourceKind<Record<string, never>> = {
  kind: 'bridge',
  description: "notify-bridge's own events: dead deliveries and other trouble.",
  configSchema: Type.Object({}),
  secretFields: [],
  builtIn: true,
  explicitOnly: true,
  eventTypes: ['delivery.dead', 'receiver.disabled'],
};
