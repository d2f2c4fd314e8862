/** The committed src/gql types must be what graphql-codegen makes from the API's schema now. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '@graphql-codegen/cli';
import config, { schemaPath } from '../codegen';

describe('generated GraphQL types', () => {
  it(`are fresh (schema: ${path.relative(path.resolve(import.meta.dirname, '../../..'), schemaPath)})`, async () => {
    const files = (await generate({ ...config, silent: true, errorsOnly: true }, false)) as { filename: string; content: string }[];
    expect(files.length).toBeGreaterThan(0);
    const stale = files.filter((f) => !fs.existsSync(f.filename) || fs.readFileSync(f.filename, 'utf8') !== f.content).map((f) => path.basename(f.filename));
    expect(stale, 'src/gql is stale: run `npm run codegen -w @emosweep/console` and commit src/gql').toEqual([]);
  }, 60_000);
});
