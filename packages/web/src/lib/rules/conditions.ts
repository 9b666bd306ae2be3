import type { paths } from '@notify-bridge/client';

/**
 * A rule condition as the form edits it (the value as typed) and as the API takes it (the value typed as
 * the operator needs): lists for `in`/`nin`, numbers for comparisons outside severity, booleans for `exists`.
 */
type ApiCondition = NonNullable<
  paths['/api/v1/rules']['post']['requestBody']['content']['application/json']['conditions']
>[number];

/** The API's operators, listed here because the form needs them at run time; `satisfies` keeps them in step. */
export const conditionOps = [
  'eq',
  'neq',
  'in',
  'nin',
  'contains',
  'matches',
  'exists',
  'gte',
  'lte',
  'gt',
  'lt',
] as const satisfies readonly ApiCondition['op'][];
export type ConditionOp = (typeof conditionOps)[number];

export interface Condition {
  field: string;
  op: ConditionOp;
  value?: unknown;
}

export interface ConditionRow {
  field: string;
  op: ConditionOp;
  value: string;
}

/** The fields a condition can name besides `data.some.path`. */
export const conditionFields = ['severity', 'type', 'title', 'body', 'tags', 'source', 'data.'] as const;

const isData = (field: string) => field === 'data' || field.startsWith('data.');

/** On data fields what is typed may be JSON (5, true, "5"); elsewhere it is text. */
function scalar(field: string, text: string): unknown {
  if (!isData(field)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function toCondition(row: ConditionRow): Condition {
  const field = row.field.trim();
  const text = row.value.trim();
  switch (row.op) {
    case 'exists':
      return { field, op: row.op, value: text !== 'false' };
    case 'in':
    case 'nin':
      return {
        field,
        op: row.op,
        value: text
          .split(',')
          .map((item) => item.trim())
          .filter((item) => item !== '')
          .map((item) => scalar(field, item)),
      };
    case 'gte':
    case 'lte':
    case 'gt':
    case 'lt':
      return { field, op: row.op, value: field === 'severity' ? text : Number(text) };
    case 'contains':
    case 'matches':
      return { field, op: row.op, value: text };
    default:
      if (field === 'tags') {
        return {
          field,
          op: row.op,
          value: text
            .split(',')
            .map((tag) => tag.trim())
            .filter((tag) => tag !== ''),
        };
      }
      return { field, op: row.op, value: scalar(field, text) };
  }
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function fromCondition(condition: Condition): ConditionRow {
  const { value } = condition;
  if (condition.op === 'exists')
    return { field: condition.field, op: condition.op, value: value === false ? 'false' : 'true' };
  return {
    field: condition.field,
    op: condition.op,
    value: Array.isArray(value) ? value.map(textOf).join(', ') : value === undefined ? '' : textOf(value),
  };
}
