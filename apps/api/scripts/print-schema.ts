/** `npm run -w @emosweep/api schema`: regenerates apps/api/schema.graphql from the resolvers (`--check`: fail when stale). */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchemaSdl } from '../src/schema.js';

const file = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'schema.graphql');
const sdl = await buildSchemaSdl();
if (process.argv.includes('--check')) {
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (current !== sdl) {
    console.error(`${file} is stale: run \`npm run -w @emosweep/api schema\``);
    process.exit(1);
  }
  console.error(`${file} is up to date`);
} else {
  fs.writeFileSync(file, sdl);
  console.error(`wrote ${file} (${sdl.split('\n').length} lines)`);
}
process.exit(0);
