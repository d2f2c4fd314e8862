import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@emosweep/common';
import { createApiApp, schemaSdl } from '../src/app.js';
import { buildSchemaSdl } from '../src/schema.js';

const committed = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'schema.graphql'), 'utf8');

describe('schema.graphql', () => {
  it('equals the schema generated from the resolvers (run `npm run -w @emosweep/api schema` when this fails)', async () => {
    expect(await buildSchemaSdl()).toBe(committed);
  });

  it('equals the schema the server serves', async () => {
    // No service is touched while the schema is built: stand-ins are enough.
    const api = await createApiApp(
      {
        store: {} as never,
        artifacts: {} as never,
        temporal: {} as never,
        notifications: { start: async () => {}, healthy: () => true, close: async () => {} },
        log: createLogger('api-schema-test', 'silent'),
      },
      { consoleDir: '/nonexistent' },
    );
    try {
      expect(schemaSdl(api.schema())).toBe(committed);
    } finally {
      await api.close();
    }
  });
});
