/**
 * This lib is imported by Temporal workflow code: no Node built-ins, no clock, no Math.random.
 * 1) grep the sources; 2) bundle both entries for a neutral (non-Node) platform, which fails on
 * any import of a Node built-in, including ones pulled in by dependencies.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = dirname(fileURLToPath(import.meta.url));
const sources = readdirSync(SRC).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

const FORBIDDEN: [RegExp, string][] = [
  [/from\s+['"]node:/, "import from 'node:'"],
  [/import\(\s*['"]node:/, "dynamic import of 'node:'"],
  [/\brequire\s*\(/, 'require('],
  [/from\s+['"](fs|path|crypto|os|child_process|util|url|buffer|process|stream|worker_threads)(\/[^'"]*)?['"]/, 'bare Node built-in import'],
  [/\bprocess\./, 'process.'],
  [/\bDate\.now\b|\bnew Date\(/, 'clock'],
  [/\bMath\.random\b/, 'Math.random'],
  [/\bperformance\.now\b/, 'performance.now'],
  [/\bsetTimeout\b|\bsetInterval\b/, 'timers'],
];

describe('purity', () => {
  it('has sources to check', () => {
    expect(sources).toContain('index.ts');
    expect(sources).toContain('core.ts');
  });

  for (const f of sources) {
    it(`${f} uses no Node built-ins, clock or Math.random`, () => {
      // strip comments (docs may mention what the code must not use)
      const text = readFileSync(join(SRC, f), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
      for (const [re, what] of FORBIDDEN) expect(re.test(text), `${f}: ${what}`).toBe(false);
    });
  }

  it('both entries bundle for a neutral platform (no Node built-ins anywhere in the import graph)', async () => {
    const esbuild = await import('esbuild');
    for (const entry of ['index.ts', 'core.ts']) {
      const r = await esbuild.build({
        entryPoints: [join(SRC, entry)],
        bundle: true,
        write: false,
        platform: 'neutral',
        format: 'esm',
        mainFields: ['module', 'main'],
        conditions: ['import', 'default'],
        logLevel: 'silent',
        metafile: true,
      });
      expect(r.errors).toEqual([]);
      const inputs = Object.keys(r.metafile.inputs);
      expect(inputs.some((i) => i.includes('@noble/hashes'))).toBe(true);
      if (entry === 'core.ts') expect(inputs.some((i) => i.includes('node_modules/yaml/'))).toBe(false);
    }
  });
});
