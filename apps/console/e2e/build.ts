/** Build the console (vite) when dist/ is missing or older than any source file. */
import fs from 'node:fs';
import path from 'node:path';

const consoleDir = path.resolve(import.meta.dirname, '..');

function newest(dir: string): number {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

export async function ensureConsoleBuild(): Promise<void> {
  const index = path.join(consoleDir, 'dist/index.html');
  const src = Math.max(newest(path.join(consoleDir, 'src')), fs.statSync(path.join(consoleDir, 'index.html')).mtimeMs, fs.statSync(path.join(consoleDir, 'vite.config.ts')).mtimeMs);
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= src) return;
  const { build } = await import('vite');
  await build({ configFile: path.join(consoleDir, 'vite.config.ts'), logLevel: 'warn' });
}
