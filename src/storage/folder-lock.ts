// A lock file beside the PGlite data folder. PGlite has no locking of its own, and two processes writing
// the same folder corrupt it, so the second process must stop with a message that names the first.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface FolderLock {
  release(): void;
}

interface Holder {
  pid: number;
  host: string;
  startedAt: string;
  command: string;
}

export class FolderInUseError extends Error {
  constructor(
    readonly folder: string,
    readonly holder: Holder,
  ) {
    super(
      `The database folder ${folder} is in use by process ${holder.pid} on ${holder.host} ` +
        `("${holder.command}", started ${holder.startedAt}). Stop that process, or set DATA_DIR to another folder.`,
    );
    this.name = 'FolderInUseError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Creates file with its whole content, or fails with EEXIST. Writing with flag 'wx' would create the file
 * empty and fill it a moment later, and a second process reading it in that moment would see no holder.
 */
function createWhole(file: string, content: string): void {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  fs.writeFileSync(temporary, content);
  try {
    fs.linkSync(temporary, file);
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

export async function acquireFolderLock(folder: string): Promise<FolderLock> {
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(path.dirname(path.resolve(folder)), `${path.basename(folder)}.lock`);
  const me: Holder = {
    pid: process.pid,
    host: os.hostname(),
    startedAt: new Date().toISOString(),
    command: process.argv.slice(1).join(' ').slice(0, 200),
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      createWhole(file, JSON.stringify(me));
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        // A process that opens and closes databases many times (the tests) would otherwise pile up listeners.
        process.off('exit', release);
        try {
          fs.unlinkSync(file);
        } catch {
          // Already gone: nothing to release.
        }
      };
      process.once('exit', release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder: Holder | undefined;
      try {
        holder = JSON.parse(fs.readFileSync(file, 'utf8')) as Holder;
      } catch {
        holder = undefined;
      }
      // A lock left by a process that died (a crash, SIGKILL) on this host is stale: take it over.
      // A file that does not parse was damaged (createWhole never leaves one half-written): take it over too.
      if (!holder || (holder.host === me.host && !isAlive(holder.pid))) {
        fs.rmSync(file, { force: true });
        continue;
      }
      throw new FolderInUseError(folder, holder);
    }
  }
  throw new Error(`Could not take the lock on ${folder}`);
}
