import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { newId } from './ids.ts';

export interface NodeIdentity {
  /** This node's name in leases. */
  id: string;
  /**
   * The same name as the process that used this data directory before, which is no longer running: the
   * leases that name still holds are stale and can be released at once.
   */
  restarted: boolean;
}

interface IdentityFile {
  id: string;
  host: string;
  pid: number;
}

/**
 * The node's identity, kept in `node-id.json` in the data directory so that it survives a restart: a
 * node killed mid-send then takes its deliveries back as soon as it starts again instead of waiting for
 * their leases to run out. A second process running on the same data directory while the first lives gets
 * a name of its own (and leaves the file alone), so it never releases the first one's leases. A pid reused
 * by an unrelated process only costs that: a new name, and the old leases wait to run out.
 */
export function loadNodeIdentity(dataDir: string, isRunning = processIsRunning): NodeIdentity {
  const path = join(dataDir, 'node-id.json');
  const host = hostname();
  const previous = readIdentityFile(path);
  if (
    previous &&
    previous.host === host &&
    !inThisProcess.has(previous.id) &&
    (previous.pid === process.pid || !isRunning(previous.pid))
  ) {
    writeIdentityFile(path, { ...previous, pid: process.pid });
    inThisProcess.add(previous.id);
    return { id: previous.id, restarted: true };
  }
  const fresh = { id: `${host}:${newId()}`, host, pid: process.pid };
  // A live process keeps its name. Another host's name is not taken over either (whether that process
  // still runs cannot be told from here), but this host's replaces it for the next restart.
  if (!previous || previous.host !== host) {
    mkdirSync(dataDir, { recursive: true });
    writeIdentityFile(path, fresh);
  }
  inThisProcess.add(fresh.id);
  return { id: fresh.id, restarted: false };
}

/** Names taken by apps of this process (tests run several nodes in one), which another must not share. */
const inThisProcess = new Set<string>();

function readIdentityFile(path: string): IdentityFile | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<IdentityFile>;
    if (typeof parsed.id === 'string' && typeof parsed.host === 'string' && Number.isInteger(parsed.pid)) {
      return parsed as IdentityFile;
    }
  } catch {
    // Missing or unreadable: a new identity is made.
  }
  return undefined;
}

function writeIdentityFile(path: string, identity: IdentityFile): void {
  // Written aside and renamed, so a crash mid-write never leaves half a file.
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(identity)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}

/** Whether a process with this id runs on this machine (one we may not signal still runs). */
function processIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
