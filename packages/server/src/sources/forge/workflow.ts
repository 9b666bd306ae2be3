import type { SourceEvent } from '../../domain/event.ts';
import { own } from './actions.ts';
import type { ForgePayload, MappingContext } from './payload.ts';

/** `workflow.<outcome>` for a run's state, the same words for GitHub's and Gitea's runs and GitLab's pipelines. */
export const workflowOutcomes: Record<string, string> = {
  // GitHub and Gitea: the run's action, then its conclusion once completed.
  requested: 'queued',
  in_progress: 'started',
  success: 'succeeded',
  failure: 'failed',
  timed_out: 'failed',
  startup_failure: 'failed',
  cancelled: 'cancelled',
  skipped: 'skipped',
  neutral: 'completed',
  action_required: 'completed',
  stale: 'completed',
  // GitLab's pipeline statuses.
  created: 'queued',
  waiting_for_resource: 'queued',
  preparing: 'queued',
  pending: 'queued',
  scheduled: 'queued',
  manual: 'queued',
  running: 'started',
  failed: 'failed',
  canceling: 'cancelled',
  canceled: 'cancelled',
};

/** One run's state as an event: a failure is an error, everything else is info. */
export function workflowEvent(
  { base, where, repoUrl }: MappingContext,
  state: string,
  /** What ran, as a title names it: `workflow "CI"`, `pipeline`. */
  label: string,
  branch: string | null | undefined,
  url: string | undefined,
): SourceEvent | null {
  const outcome = own(workflowOutcomes, state);
  if (!outcome) return null;
  const on = branch ? ` on ${branch}` : '';
  return {
    ...base,
    severity: outcome === 'failed' ? 'error' : 'info',
    type: `workflow.${outcome}`,
    title: `${where}: ${label} ${outcome}${on}`,
    body: '',
    url: url ?? repoUrl,
  };
}

export function mapWorkflowRun(payload: ForgePayload, context: MappingContext): SourceEvent | null {
  const run = payload.workflow_run ?? {};
  // A completed run without a conclusion is rare (GitHub's examples have one): it still completed.
  const state = payload.action === 'completed' ? (run.conclusion ?? 'neutral') : (payload.action ?? '');
  const label = run.name ? `workflow "${run.name}"` : 'workflow';
  const event = workflowEvent(context, state, label, run.head_branch, run.html_url);
  if (!event) return null;
  return {
    ...event,
    data: { ...context.base.data, workflow: run.name ?? null, conclusion: run.conclusion ?? null },
  };
}
