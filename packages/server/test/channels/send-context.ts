import { pino } from 'pino';
import type { ChannelState, SendContext } from '../../src/channels/channel.ts';
import { manualClock } from '../../src/domain/clock.ts';
import type { RenderedMessage } from '../../src/render/message.ts';
import type { HttpClient } from '../../src/security/http/http-client.ts';

export const sendClock = manualClock(Date.parse('2026-11-22T12:00:00Z'));

export function sendContext<C, A>(
  http: HttpClient,
  config: C,
  address: A,
  deliveryId = '01JDELIVERY00000000000000000',
  state: ChannelState = noState,
  lastAttempt = false,
): SendContext<C, A> {
  return {
    config,
    address,
    options: {},
    deliveryId,
    attempt: 1,
    lastAttempt,
    http,
    logger: pino({ level: 'silent' }),
    clock: sendClock,
    signal: AbortSignal.timeout(5000),
    state,
  };
}

/** For channels that keep no state: any use is a test bug. Tests of stateful channels pass a real one. */
const noState: ChannelState = {
  get: () => Promise.reject(new Error('this test gave the channel no state')),
  set: () => Promise.reject(new Error('this test gave the channel no state')),
  delete: () => Promise.reject(new Error('this test gave the channel no state')),
};

export const message: RenderedMessage = {
  format: 'markdown',
  title: 'Disk almost full',
  body: '**/srv** is at 93 %',
  severity: 'warning',
  url: 'https://grafana.example/d/disk',
  tags: ['disk', 'srv'],
  attachments: [],
  eventId: '01JEVENT0000000000000000000',
  eventType: 'alert.firing',
  occurredAt: Date.parse('2026-11-22T11:59:00Z'),
};
