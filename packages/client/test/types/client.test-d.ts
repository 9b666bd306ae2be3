import {
  type ApiError,
  createApiClient,
  type EntryOf,
  type ErrorCode,
  type StreamEntry,
  type StreamState,
  subscribe,
  unwrap,
} from '@notify-bridge/client';
import { useStream, useTopic } from '@notify-bridge/client/react';
import { streamStore } from '@notify-bridge/client/svelte';
import type { Readable } from 'svelte/store';
import { describe, expectTypeOf, it } from 'vitest';

/** The built declarations (dist/*.d.ts), as a user of the package sees them. Checked by tsc, not run. */
const api = createApiClient({ baseUrl: 'http://localhost:8080', token: 'nbt_x' });

describe('the typed REST client', () => {
  it('rejects unknown paths, wrong methods, missing parameters and wrong bodies', () => {
    // @ts-expect-error not a path of the API
    void api.GET('/api/v1/nothing-here');
    // @ts-expect-error the document path, not a client-side alias
    void api.GET('/me');
    // @ts-expect-error /me has no DELETE
    void api.DELETE('/api/v1/me');
    // @ts-expect-error {id} must be given
    void api.GET('/api/v1/sources/{id}');
    // @ts-expect-error scopes must be known ones
    void api.POST('/api/v1/tokens', { body: { name: 'x', scopes: ['everything'] } });
    // @ts-expect-error name is required
    void api.POST('/api/v1/tokens', { body: { scopes: ['read'] } });
  });

  it('infers response bodies, and unwrap gives the success body', async () => {
    const me = await api.GET('/api/v1/me');
    if (me.data) {
      expectTypeOf(me.data.name).toEqualTypeOf<string>();
      expectTypeOf(me.data.role).toEqualTypeOf<'admin' | 'member'>();
    }
    const token = unwrap(await api.POST('/api/v1/tokens', { body: { name: 'ci', scopes: ['read'] } }));
    expectTypeOf(token.token).toEqualTypeOf<string>();
    expectTypeOf(token.scopes).toEqualTypeOf<('read' | 'write' | 'admin')[]>();
    const page = unwrap(await api.GET('/api/v1/events', { params: { query: {} } }));
    expectTypeOf(page).toHaveProperty('items');
    expectTypeOf<ApiError['code']>().toEqualTypeOf<ErrorCode | undefined>();
    expectTypeOf<'NB_ERR_NOT_FOUND'>().toExtend<ErrorCode>();
  });
});

describe("the README's examples", () => {
  it('read a page of events and its error code', async () => {
    const { data, error, response } = await api.GET('/api/v1/events', { params: { query: { limit: 20 } } });
    expectTypeOf(response).toEqualTypeOf<Response>();
    if (error) expectTypeOf(error.error.code).toEqualTypeOf<ErrorCode>();
    else {
      expectTypeOf(data.items[0]!.type).toEqualTypeOf<string>();
      expectTypeOf(data.nextCursor).toEqualTypeOf<string | null>();
    }
  });
});

describe('stream entries', () => {
  it('narrow by the selector: one stream, several, or a topic', () => {
    expectTypeOf<EntryOf<'events'>['type']>().toEqualTypeOf<'event.committed'>();
    expectTypeOf<EntryOf<['deliveries', 'health']>['stream']>().toEqualTypeOf<'deliveries' | 'health'>();
    expectTypeOf<EntryOf<{ topic: string }>>().toEqualTypeOf<StreamEntry<'topic'>>();
    void subscribe(
      ['events', 'health'],
      {
        onEntry(entry) {
          expectTypeOf(entry.id).toEqualTypeOf<number>();
          if (entry.stream === 'health') expectTypeOf(entry.type).toEqualTypeOf<string>();
          else expectTypeOf(entry.type).toEqualTypeOf<'event.committed'>();
        },
      },
      { baseUrl: '' },
    );
    // @ts-expect-error not a stream
    void subscribe('everything', { onEntry() {} }, { baseUrl: '' });
    // @ts-expect-error handlers need onEntry
    void subscribe('events', {}, { baseUrl: '' });
  });

  it('type the React hooks and the Svelte stores by the same selector', () => {
    expectTypeOf(useStream<'deliveries'>).returns.toEqualTypeOf<StreamState<StreamEntry<'deliveries'>>>();
    expectTypeOf(useTopic).returns.toEqualTypeOf<StreamState<StreamEntry<'topic'>>>();
    const store = streamStore('events', { baseUrl: '' });
    expectTypeOf(store).toEqualTypeOf<Readable<StreamState<StreamEntry<'events'>>>>();
  });
});
