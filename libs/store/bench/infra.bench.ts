/**
 * Store part of `npm run bench:infra`: Postgres insert rate for epoch-metric rows and MinIO
 * put/get throughput for 10 MB objects, on the services of `npm run infra:up`.
 *
 *   tsx libs/store/bench/infra.bench.ts [--json]
 *
 * `benchStore()` returns the figures (the lead's bench script adds the Temporal part).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadServiceConfig, localServiceUrls } from '@emosweep/common';
import { S3ArtifactStore } from '../src/artifacts/s3.js';
import { createTestDatabase } from '../src/testing.js';

export interface StoreBenchOptions {
  /** Epoch rows per insert method (default 10,000). */
  rows?: number;
  /** Rows per statement for the batched methods (default 1,000). */
  batch?: number;
  /** Rows written one upsert at a time (default 300). */
  singleRows?: number;
  /** 10 MB objects put and got (default 10). */
  objects?: number;
  objectBytes?: number;
}

export interface StoreBenchResult {
  postgres: {
    rows: number;
    batch: number;
    /** rows/s, `epochs.recordMany` (INSERT … SELECT unnest(arrays) ON CONFLICT DO UPDATE) */
    repositoryRecordManyRowsPerSec: number;
    /** rows/s, Prisma `createMany` (what a plain repository would do) */
    prismaCreateManyRowsPerSec: number;
    /** rows/s, raw `pg` multi-row INSERT … VALUES */
    rawPgMultiRowRowsPerSec: number;
    /** rows/s and ms per call, `epochs.record` one row per call (a training loop's per-epoch write) */
    repositoryRecordSingleRowsPerSec: number;
    repositoryRecordSingleP50Ms: number;
  };
  minio: {
    endpoint: string;
    objects: number;
    objectBytes: number;
    /** MB/s (10^6 bytes) with sha256 computed on put and verified on get */
    putMBps: number;
    getMBps: number;
    putP50Ms: number;
    getP50Ms: number;
  };
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchStore(opts: StoreBenchOptions = {}): Promise<StoreBenchResult> {
  const rows = opts.rows ?? 10_000;
  const batch = opts.batch ?? 1_000;
  const singleRows = opts.singleRows ?? 300;
  const objects = opts.objects ?? 10;
  const objectBytes = opts.objectBytes ?? 10_000_000;

  // ---- Postgres
  const db = await createTestDatabase();
  let postgres: StoreBenchResult['postgres'];
  try {
    const { store } = db;
    const { dataset } = await store.datasets.upsertWithUtterances({ name: 'bench', format: 'synthetic', root: '/bench', classes: '4class', version: randomUUID(), labels: [], counts: {}, utterances: [] });
    const sweep = await store.sweeps.create({ name: 'bench', spec: {}, specText: '', datasetId: dataset.id, seed: 1, device: 'cpu', trialCount: 1, foldCount: 4 });
    const [trial] = await store.trials.upsertMany(sweep.id, [{ index: 0, paramsKey: 'b', params: {}, representation: 'mfcc', model: 'lstm', lr: 1e-3, seqLen: 150, fcLayers: 2 }]);
    const folds = await store.foldRuns.upsertMany(trial.id, ['a', 'b', 'c', 'd'].map((heldOut) => ({ heldOut, seed: 1 })));
    const epochRows = Array.from({ length: rows }, (_, epoch) => ({ epoch, trainLoss: Math.random(), valLoss: Math.random(), valUa: Math.random(), valWa: Math.random(), lr: 1e-3 }));
    const time = async (fn: () => Promise<unknown>) => {
      const t0 = performance.now();
      await fn();
      return (performance.now() - t0) / 1000;
    };

    // warm-up (connections, prepared plans)
    await store.epochs.recordMany(folds[3].id, epochRows.slice(0, 100));

    const tRepo = await time(async () => {
      for (let i = 0; i < rows; i += batch) await store.epochs.recordMany(folds[0].id, epochRows.slice(i, i + batch));
    });
    const tCreateMany = await time(async () => {
      for (let i = 0; i < rows; i += batch) {
        await store.prisma.epochMetric.createMany({ data: epochRows.slice(i, i + batch).map((r) => ({ ...r, foldRunId: folds[1].id })) });
      }
    });
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const tRaw = await time(async () => {
      for (let i = 0; i < rows; i += batch) {
        const chunk = epochRows.slice(i, i + batch);
        const values: unknown[] = [];
        const tuples = chunk.map((r, j) => {
          values.push(folds[2].id, r.epoch, r.trainLoss, r.valLoss, r.valUa, r.valWa, r.lr);
          const b = j * 7;
          return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7})`;
        });
        await client.query(`INSERT INTO "EpochMetric" ("foldRunId", epoch, "trainLoss", "valLoss", "valUa", "valWa", lr) VALUES ${tuples.join(', ')}`, values);
      }
    });
    await client.end();
    const singleMs: number[] = [];
    const tSingle = await time(async () => {
      for (let e = 0; e < singleRows; e++) {
        const t0 = performance.now();
        await store.epochs.record(folds[3].id, rows + e, epochRows[e]);
        singleMs.push(performance.now() - t0);
      }
    });
    postgres = {
      rows,
      batch,
      repositoryRecordManyRowsPerSec: Math.round(rows / tRepo),
      prismaCreateManyRowsPerSec: Math.round(rows / tCreateMany),
      rawPgMultiRowRowsPerSec: Math.round(rows / tRaw),
      repositoryRecordSingleRowsPerSec: Math.round(singleRows / tSingle),
      repositoryRecordSingleP50Ms: round(p50(singleMs), 2),
    };
  } finally {
    await db.drop();
  }

  // ---- MinIO
  const cfg = loadServiceConfig();
  const endpoint = cfg.s3.endpoint ?? localServiceUrls().s3Endpoint;
  const s3 = new S3ArtifactStore({ ...cfg.s3, endpoint });
  const prefix = `bench/${randomUUID()}`;
  let minio: StoreBenchResult['minio'];
  try {
    await s3.check();
    const bodies = Array.from({ length: objects }, () => randomBytes(objectBytes));
    await s3.put(`${prefix}/warmup`, bodies[0]);
    await s3.get(`${prefix}/warmup`);
    const putMs: number[] = [];
    const getMs: number[] = [];
    for (let i = 0; i < objects; i++) {
      const t0 = performance.now();
      await s3.put(`${prefix}/${i}`, bodies[i]);
      putMs.push(performance.now() - t0);
    }
    for (let i = 0; i < objects; i++) {
      const t0 = performance.now();
      await s3.get(`${prefix}/${i}`);
      getMs.push(performance.now() - t0);
    }
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / 1000;
    minio = {
      endpoint,
      objects,
      objectBytes,
      putMBps: round((objects * objectBytes) / 1e6 / sum(putMs)),
      getMBps: round((objects * objectBytes) / 1e6 / sum(getMs)),
      putP50Ms: round(p50(putMs)),
      getP50Ms: round(p50(getMs)),
    };
  } finally {
    for (const o of await s3.list(`${prefix}/`).catch(() => [])) await s3.delete(o.key).catch(() => {});
    await s3.close();
  }
  return { postgres, minio };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  benchStore().then(
    (r) => {
      if (process.argv.includes('--json')) {
        console.log(JSON.stringify(r, null, 2));
        return;
      }
      const p = r.postgres;
      console.log(`Postgres epoch-metric inserts (${p.rows} rows, ${p.batch} per statement):`);
      console.log(`  epochs.recordMany (unnest, upsert)  ${p.repositoryRecordManyRowsPerSec} rows/s`);
      console.log(`  prisma createMany                   ${p.prismaCreateManyRowsPerSec} rows/s`);
      console.log(`  raw pg multi-row INSERT             ${p.rawPgMultiRowRowsPerSec} rows/s`);
      console.log(`  epochs.record, one row per call     ${p.repositoryRecordSingleRowsPerSec} rows/s (p50 ${p.repositoryRecordSingleP50Ms} ms)`);
      const m = r.minio;
      console.log(`MinIO ${m.endpoint}, ${m.objects} × ${m.objectBytes / 1e6} MB (sha256 on put, verified on get):`);
      console.log(`  put ${m.putMBps} MB/s (p50 ${m.putP50Ms} ms)   get ${m.getMBps} MB/s (p50 ${m.getP50Ms} ms)`);
    },
    (e: unknown) => {
      console.error(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
