// Prisma 7 configuration (read by the `prisma` CLI from the repository root).
// The CLI is only used offline for `prisma generate` (libs/store/scripts/generate.sh);
// migrations run through the WASM schema engine in libs/store/scripts/migrate.ts.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: {
    url:
      process.env.DATABASE_URL ||
      `postgresql://${process.env.EMOSWEEP_PG_USER || 'emosweep'}:${process.env.EMOSWEEP_PG_PASSWORD || 'emosweep'}@127.0.0.1:${process.env.EMOSWEEP_PG_PORT || '55432'}/${process.env.EMOSWEEP_PG_DB || 'emosweep'}`,
  },
});
