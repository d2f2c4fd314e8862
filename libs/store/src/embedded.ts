/**
 * The embedded default: PGlite (Postgres compiled to WebAssembly, in-process) with its data in a
 * folder, instead of a Postgres server. Same schema, same migrations, same generated client.
 *
 * PGlite serves one process: a lock file next to the data folder makes a second process (or a
 * second open in this one) fail with a clear message instead of corrupting the data. Several
 * processes (api + workers) need the Postgres server (`npm run infra:up`, DATABASE_URL).
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { loadServiceConfig } from '@emosweep/common';

/** .data/embedded/pglite in the checkout (EMOSWEEP_DATA_DIR moves it). */
export function defaultEmbeddedDir(): string {
  return path.join(loadServiceConfig().dataDir, 'embedded', 'pglite');
}

const openHere = new Set<string>();

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes `<dir>.lock` (O_EXCL, holding our pid); a lock left by a dead process is taken over. */
function lockDir(dir: string): () => void {
  const lock = `${dir}.lock`;
  if (openHere.has(dir)) throw new Error(`embedded database ${dir} is already open in this process (share the Store instead of opening it twice)`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      openHere.add(dir);
      return () => {
        openHere.delete(dir);
        rmSync(lock, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(lock, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && pidAlive(pid)) {
        throw new Error(
          `embedded database ${dir} is in use by process ${pid}; PGlite serves one process — stop it, or run Postgres (\`npm run infra:up\`) and set DATABASE_URL`,
        );
      }
      rmSync(lock, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`could not lock embedded database ${dir}`);
}

/**
 * Opens (creating if needed) a PGlite database in `dir`, or a throwaway in-memory one for
 * `memory://`. A folder is locked for this process until the returned instance is closed.
 */
export async function openPGlite(dir: string = defaultEmbeddedDir()): Promise<PGlite> {
  if (dir.startsWith('memory://')) return PGlite.create();
  const abs = path.resolve(dir);
  mkdirSync(path.dirname(abs), { recursive: true });
  const unlock = lockDir(abs);
  try {
    mkdirSync(abs, { recursive: true });
    const db = await PGlite.create(abs);
    const close = db.close.bind(db);
    let closed = false;
    db.close = async () => {
      if (closed) return;
      closed = true;
      try {
        await close();
      } finally {
        unlock();
      }
    };
    return db;
  } catch (e) {
    unlock();
    throw e;
  }
}
