import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadNodeIdentity } from '../src/node-identity.ts';

describe('the node identity kept in the data directory', () => {
  let dir: string;
  const file = () => join(dir, 'node-id.json');
  const stored = () => JSON.parse(readFileSync(file(), 'utf8')) as { id: string; host: string; pid: number };
  const store = (identity: { id: string; host: string; pid: number }) =>
    writeFileSync(file(), JSON.stringify(identity));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nb-identity-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is made on first start, named after the host, and kept for the next start', () => {
    const identity = loadNodeIdentity(join(dir, 'not-yet-there'));
    expect(identity.restarted).toBe(false);
    expect(identity.id.startsWith(`${hostname()}:`)).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'not-yet-there', 'node-id.json'), 'utf8'))).toEqual({
      id: identity.id,
      host: hostname(),
      pid: process.pid,
    });
  });

  it('is taken over from a process of this host that no longer runs, as a restart', () => {
    store({ id: 'node-before-crash', host: hostname(), pid: 999_999 });
    expect(loadNodeIdentity(dir, () => false)).toEqual({ id: 'node-before-crash', restarted: true });
    expect(stored()).toEqual({ id: 'node-before-crash', host: hostname(), pid: process.pid });
  });

  it('is not shared with a process that still runs on the same data directory', () => {
    const other = { id: 'node-still-running', host: hostname(), pid: 999_998 };
    store(other);
    const identity = loadNodeIdentity(dir, () => true);
    expect(identity.restarted).toBe(false);
    expect(identity.id).not.toBe(other.id);
    expect(stored()).toEqual(other);
  });

  it('is not shared by two apps of one process on the same data directory', () => {
    store({ id: 'node-of-this-process', host: hostname(), pid: process.pid });
    const first = loadNodeIdentity(dir);
    const second = loadNodeIdentity(dir);
    expect(first).toEqual({ id: 'node-of-this-process', restarted: true });
    expect(second.restarted).toBe(false);
    expect(second.id).not.toBe(first.id);
  });

  it("does not take over another host's name, but replaces it with this host's", () => {
    store({ id: 'node-elsewhere', host: 'another-host', pid: 1 });
    const identity = loadNodeIdentity(dir, () => false);
    expect(identity.restarted).toBe(false);
    expect(stored()).toEqual({ id: identity.id, host: hostname(), pid: process.pid });
  });

  it('is made anew when the file is unreadable', () => {
    writeFileSync(file(), '{"id": 42');
    const identity = loadNodeIdentity(dir);
    expect(identity.restarted).toBe(false);
    expect(stored().id).toBe(identity.id);
  });
});
