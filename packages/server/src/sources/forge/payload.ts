/** GitHub's and Gitea's (Forgejo's) payloads, as far as the mapping reads them; they share most fields. */
export interface User {
  login?: string;
  username?: string;
  html_url?: string;
}
export interface Repository {
  name?: string;
  full_name?: string;
  html_url?: string;
}
export interface Commit {
  id?: string;
  message?: string;
}
export interface Issue {
  number?: number;
  title?: string;
  html_url?: string | null;
  body?: string | null;
  pull_request?: unknown;
}
export interface Workflow {
  name?: string;
  status?: string | null;
  conclusion?: string | null;
  html_url?: string;
  head_branch?: string | null;
}
export interface ForgePayload {
  action?: string;
  ref?: string;
  ref_type?: string;
  before?: string;
  after?: string;
  /** GitHub's flags on a push; Gitea's pushes say it only by a zero `before` or `after`. */
  created?: boolean;
  deleted?: boolean;
  forced?: boolean;
  compare_url?: string;
  /** GitHub's name for Gitea's compare_url. */
  compare?: string;
  commits?: Commit[];
  total_commits?: number;
  head_commit?: Commit | null;
  workflow_run?: Workflow;
  repository?: Repository;
  organization?: { login?: string };
  sender?: User;
  pusher?: User;
  issue?: Issue;
  pull_request?: Issue & { merged?: boolean };
  number?: number;
  comment?: { body?: string | null; html_url?: string };
  review?: { state?: string; type?: string; body?: string | null; content?: string; html_url?: string };
  release?: { tag_name?: string; name?: string | null; html_url?: string; body?: string | null };
}

/** What every mapping of one delivery starts from. */
export interface MappingContext {
  /** Severity, tags and data shared by every event of the delivery. */
  base: { severity: 'info'; tags: string[]; data: Record<string, unknown> };
  /** The repository's full name. */
  where: string;
  /** The login of whoever did it. */
  who: string;
  repoUrl: string | undefined;
}
