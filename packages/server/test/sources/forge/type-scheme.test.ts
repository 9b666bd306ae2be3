import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SourceEvent } from '../../../src/domain/event.ts';
import { forgeSchemeTypes } from '../../../src/sources/forge/event-types.ts';
import { mapForgeEvent } from '../../../src/sources/forge/map-event.ts';
import { giteaForge } from '../../../src/sources/gitea/index.ts';
import { githubForge } from '../../../src/sources/github/index.ts';
import { mapGitLabEvent } from '../../../src/sources/gitlab/map-event.ts';
import { type Delivery, giteaDeliveries, githubDeliveries, gitlabDeliveries } from './corpus.ts';

type Column = 'github' | 'gitea' | 'gitlab';

/** The README's table of forge event types: for each forge, the types it has a cell for. */
function readmeTypes(): Record<Column, Set<string>> {
  const readme = readFileSync(new URL('../../../../../README.md', import.meta.url), 'utf8');
  const table = /<!-- forge-types:start -->\n([\s\S]*?)<!-- forge-types:end -->/.exec(readme)?.[1];
  if (!table) throw new Error('README.md has no forge-types table');
  const types: Record<Column, Set<string>> = { github: new Set(), gitea: new Set(), gitlab: new Set() };
  for (const row of table.trim().split('\n').slice(2)) {
    const [type, ...cells] = row
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    const name = /^`([a-z0-9_.]+)`/.exec(type!)?.[1];
    if (!name) throw new Error(`README forge-types row without a type: ${row}`);
    (['github', 'gitea', 'gitlab'] as const).forEach((column, i) => {
      if (cells[i] && cells[i] !== '—') types[column].add(name);
    });
  }
  return types;
}

const forges: [Column, Delivery[], (d: Delivery) => SourceEvent | null][] = [
  ['github', githubDeliveries, (d) => mapForgeEvent(githubForge, d.header, d.payload)],
  ['gitea', giteaDeliveries, (d) => mapForgeEvent(giteaForge, d.header, d.payload)],
  ['gitlab', gitlabDeliveries, (d) => mapGitLabEvent(d.header, d.payload)],
];

/** The issue or pull request number a payload carries, as the title should show it. */
function numberOf(column: Column, payload: Record<string, unknown>): string | undefined {
  const field = (path: string[]) =>
    path.reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], payload);
  if (column === 'gitlab') {
    const mr =
      payload.object_kind === 'merge_request' ||
      field(['object_attributes', 'noteable_type']) === 'MergeRequest';
    const iid =
      field(['object_attributes', 'iid']) ?? field(['merge_request', 'iid']) ?? field(['issue', 'iid']);
    if (payload.object_kind === 'pipeline' || typeof iid !== 'number') return undefined;
    return `${mr ? '!' : '#'}${iid}`;
  }
  const n = field(['pull_request', 'number']) ?? field(['issue', 'number']) ?? payload.number;
  return typeof n === 'number' ? `#${n}` : undefined;
}

const snakeCase = /^[a-z0-9]+(_[a-z0-9]+)+$/;

describe('the forge event types', () => {
  const documented = readmeTypes();

  it('offers rule editors the types of the table, in its order', () => {
    const readme = readFileSync(new URL('../../../../../README.md', import.meta.url), 'utf8');
    const rows = /<!-- forge-types:start -->\n([\s\S]*?)<!-- forge-types:end -->/.exec(readme)![1]!;
    const inTable = [...rows.matchAll(/^\| `([a-z0-9_.]+)`/gm)].map((match) => match[1]);
    expect(forgeSchemeTypes).toEqual(inTable);
  });

  describe.each(forges)('%s', (column, deliveries, map) => {
    const mapped = deliveries.map((delivery) => ({ delivery, event: map(delivery) }));

    it('maps every payload to a documented type, a sentence of a title and the number it carries', () => {
      for (const { delivery, event } of mapped) {
        if (!event) continue;
        const why = `${delivery.name}: ${event.type} "${event.title}"`;
        const fallback = event.type.startsWith(`${column}.`);
        expect(fallback || documented[column].has(event.type), why).toBe(true);
        expect(event.type, why).toMatch(/^[a-z0-9_]+(\.[a-z0-9_]+)*$/);
        expect(event.title, why).not.toMatch(/\b0 commits\b|undefined|null|#\D|!\D/);
        const action =
          delivery.payload.action ?? (delivery.payload.object_attributes as { action?: unknown })?.action;
        for (const raw of [delivery.header, action]) {
          if (typeof raw === 'string' && snakeCase.test(raw)) {
            expect(event.title, `${why} shows the raw word ${raw}`).not.toMatch(new RegExp(`\\b${raw}\\b`));
          }
        }
        const number = numberOf(column, delivery.payload);
        if (number) expect(event.title, why).toContain(`${number}`);
        if (number) expect((event.data as { number?: number }).number, why).toBe(Number(number.slice(1)));
      }
    });

    it('produces every type the README lists for it, and no other type outside its own prefix', () => {
      const produced = new Set(mapped.flatMap(({ event }) => (event ? [event.type] : [])));
      expect([...documented[column]].filter((type) => !produced.has(type))).toEqual([]);
      expect(
        [...produced].filter((type) => !type.startsWith(`${column}.`) && !documented[column].has(type)),
      ).toEqual([]);
    });
  });

  it.each([
    [
      'pull_request.synchronized',
      'pull_request synchronize',
      'pull_request_synchronized.json',
      'a merge request update with new commits',
    ],
    ['tag.created', 'push  (example 0)', 'a push creating a tag', 'tagPush'],
    ['branch.deleted', 'a push deleting a branch', 'branch_delete.json', 'branchDeleted'],
    ['pull_request.approved', 'a review: approved', 'pull_request_approved', 'merge request approved'],
  ])('types %s alike on GitHub, Gitea and GitLab', (type, ...names) => {
    const types = forges.map(([, deliveries, map], i) => {
      const delivery = deliveries.find((d) => d.name.startsWith(names[i]!));
      if (!delivery) throw new Error(`no delivery named ${names[i]}`);
      return map(delivery)?.type;
    });
    expect(types).toEqual([type, type, type]);
  });
});
