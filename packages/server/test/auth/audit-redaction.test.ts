import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sourceView } from '../../src/api/sources.ts';
import { type TargetRow, targetView } from '../../src/api/targets.ts';
import { changesOf } from '../../src/auth/audit-log.ts';
import { channelKinds } from '../../src/channels/registry.ts';
import { SecretBox, sealFields } from '../../src/security/secret-box.ts';
import { sourceKinds } from '../../src/sources/registry.ts';

const box = new SecretBox([randomBytes(32)]);
const kinds = [
  ...channelKinds.map((kind) => ({ table: 'targets' as const, kind })),
  ...sourceKinds.map((kind) => ({ table: 'sources' as const, kind })),
].filter(({ kind }) => kind.secretFields.length > 0);

/** A secret as people choose them: long enough that finding it by chance in other text means a leak. */
const secretValue = fc.oneof(
  fc.string({ minLength: 10, maxLength: 40 }),
  fc.uint8Array({ minLength: 12, maxLength: 32 }).map((bytes) => Buffer.from(bytes).toString('base64')),
  fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), fc.string({ minLength: 10, maxLength: 30 })),
);

function row(table: 'sources' | 'targets', kind: string, config: Record<string, unknown>, id: string) {
  const base = { id, owner_id: 'u', kind, name: 'n', config: JSON.stringify(config), enabled: 1 };
  const times = { created_at: 0, updated_at: 0 };
  if (table === 'targets') {
    return targetView({ ...base, concurrency: 1, rate_limit: null, ...times } as TargetRow);
  }
  return sourceView({
    ...base,
    ingress_key: 'ingress-hash',
    body_dedup_window_ms: null,
    last_refusal: null,
    last_refusal_at: null,
    ...times,
  });
}

/** Every way a secret could show: as it is, and as JSON writes it (escaped) for strings and objects. */
function forms(secret: unknown): string[] {
  if (typeof secret === 'string') return [secret, JSON.stringify(secret).slice(1, -1)];
  return Object.values(secret as Record<string, string>).flatMap(forms);
}

describe('audit entries of every kind with secrets', () => {
  it.each(kinds.map(({ table, kind }) => [`${table}/${kind.kind}`, table, kind] as const))(
    '%s: no secret value in a create, update or delete entry',
    (_name, table, kind) => {
      fc.assert(
        fc.property(
          fc.array(secretValue, { minLength: kind.secretFields.length, maxLength: kind.secretFields.length }),
          fc.array(secretValue, { minLength: kind.secretFields.length, maxLength: kind.secretFields.length }),
          fc.string({ maxLength: 20 }),
          (first, second, visible) => {
            const id = '01HZZZZZZZZZZZZZZZZZZZZZZZ';
            const config = (values: unknown[]) =>
              sealFields(
                box,
                { visible, ...Object.fromEntries(kind.secretFields.map((field, i) => [field, values[i]])) },
                kind.secretFields,
                { table, rowId: id },
              );
            const before = row(table, kind.kind, config(first), id);
            const after = row(table, kind.kind, config(second), id);
            const text = [
              changesOf({ action: 'x.create', after }),
              changesOf({ action: 'x.update', before, after }),
              changesOf({ action: 'x.delete', before }),
            ].join('\n');
            for (const secret of [...first, ...second]) {
              for (const form of forms(secret)) {
                fc.pre(!visible.includes(form) && !kind.secretFields.some((f) => f.includes(form)));
                expect(text).not.toContain(form);
              }
            }
            expect(text).not.toContain('nbsec:');
            expect(text).not.toContain('ingress-hash');
          },
        ),
        { numRuns: 40 },
      );
    },
  );

  it('drops a sealed value even where a view would let one through', () => {
    const sealed = box.seal('"hunter2hunter2"', { table: 'targets', rowId: 'r', column: 'config.x' });
    const text = changesOf({
      action: 'x.update',
      before: { a: { b: sealed } },
      after: { a: { b: 'plain' } },
    });
    expect(text).not.toContain(sealed);
    expect(JSON.parse(text!)).toEqual({ changed: { 'a.b': { from: '[secret]', to: 'plain' } } });
  });
});
