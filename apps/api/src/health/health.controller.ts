import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Client } from '@temporalio/client';
import type { ArtifactStore, Store } from '@emosweep/store';
import { ARTIFACTS, STORE, TEMPORAL_CLIENT } from '../core/tokens.js';
import { ProgressHub } from '../progress/progress.hub.js';

const TIMEOUT_MS = 2000;

async function probe(fn: () => Promise<unknown>): Promise<{ ok: boolean; ms: number; error?: string }> {
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([fn(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${TIMEOUT_MS} ms`)), TIMEOUT_MS)))]);
    return { ok: true, ms: Math.round(performance.now() - t0) };
  } catch (e) {
    return { ok: false, ms: Math.round(performance.now() - t0), error: (e as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/** Liveness (`/healthz`: the process answers) and readiness (`/readyz`: every service it needs answers). No token needed. */
@Controller()
export class HealthController {
  constructor(
    @Inject(STORE) private readonly store: Store,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(ARTIFACTS) private readonly artifacts: ArtifactStore,
    @Inject(ProgressHub) private readonly hub: ProgressHub,
  ) {}

  @Get('healthz')
  healthz() {
    return { status: 'ok' };
  }

  @Get('readyz')
  async readyz(@Res() res: Response): Promise<void> {
    const [postgres, temporal, objectStore] = await Promise.all([
      probe(() => this.store.prisma.$queryRawUnsafe('SELECT 1')),
      probe(() => this.temporal.workflowService.getSystemInfo({})),
      probe(() => this.artifacts.check()),
    ]);
    const progress = { ok: this.hub.healthy() };
    const checks = { postgres: { ...postgres, kind: this.store.kind }, temporal, objectStore: { ...objectStore, kind: this.artifacts.kind }, progressListener: progress };
    const ready = postgres.ok && temporal.ok && objectStore.ok && progress.ok;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks });
  }
}
