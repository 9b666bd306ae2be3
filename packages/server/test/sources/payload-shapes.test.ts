import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ForgePayloadSchema } from '../../src/sources/forge/payload-schema.ts';
import { GitLabPayloadSchema } from '../../src/sources/gitlab/payload-schema.ts';
import { shapeProblem } from '../../src/sources/payload-shape.ts';
import { fixturePath, readFixture } from '../helpers/fixtures.ts';
import { gitlabPayloads } from './gitlab/payloads.ts';

// The shape checks must never refuse what the real senders send: every recorded payload passes.
const octokit = createRequire(import.meta.url)('@octokit/webhooks-examples') as {
  name: string;
  examples: unknown[];
}[];

describe('payload shape checks accept real payloads', () => {
  it('passes every Octokit GitHub example', () => {
    let count = 0;
    for (const { name, examples } of octokit) {
      for (const payload of examples) {
        expect(shapeProblem(ForgePayloadSchema, payload, name), name).toBeUndefined();
        count++;
      }
    }
    expect(count).toBeGreaterThan(200);
  });

  it('passes every recorded Gitea payload', () => {
    const files = readdirSync(fixturePath('gitea')).filter((file) => file.endsWith('.json'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const payload = JSON.parse(readFixture(`gitea/${file}`).toString('utf8')) as unknown;
      expect(shapeProblem(ForgePayloadSchema, payload, file), file).toBeUndefined();
    }
  });

  it('passes every GitLab payload of the GitLab tests', () => {
    for (const [name, payload] of Object.entries(gitlabPayloads)) {
      expect(shapeProblem(GitLabPayloadSchema, payload, name), name).toBeUndefined();
    }
  });

  it('names the field that has the wrong type', () => {
    expect(shapeProblem(ForgePayloadSchema, { commits: [{ id: 7 }] }, 'a GitHub webhook body')).toMatchObject(
      {
        code: 'NB_ERR_VALIDATION',
        message: 'a GitHub webhook body: field /commits/0/id must be string',
      },
    );
    expect(shapeProblem(ForgePayloadSchema, [], 'a GitHub webhook body')?.message).toBe(
      'a GitHub webhook body: the body must be object',
    );
  });
});
