import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import { TASK_QUEUES } from '@emosweep/activities';
import type { Store } from '@emosweep/store';
import type { SweepSpec } from '@emosweep/sweeps';
import { STORE, TEMPORAL_CLIENT } from '../core/tokens.js';
import { badInput, isUuid, pageSize } from '../errors.js';
import { toDataset, type Dataset, type GroupLabels } from './dataset.types.js';

export const DATASET_FORMATS = ['iemocap', 'manifest', 'synthetic'] as const;

@Injectable()
export class DatasetsService {
  constructor(
    @Inject(STORE) private readonly store: Store,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  async list(args: { name?: string | null; first?: number | null }): Promise<Dataset[]> {
    const rows = await this.store.datasets.list({ name: args.name ?? undefined, first: pageSize(args.first, 50, 200) });
    return rows.map(toDataset);
  }

  async get(id: string): Promise<Dataset | null> {
    const row = isUuid(id) ? await this.store.datasets.get(id) : null;
    return row && toDataset(row);
  }

  /** Label counts per group (one GROUP BY). */
  async labelsByGroup(datasetId: string): Promise<GroupLabels[]> {
    const rows = await this.store.prisma.utterance.groupBy({ by: ['group', 'label'], where: { datasetId }, _count: { _all: true }, orderBy: [{ group: 'asc' }, { label: 'asc' }] });
    const out = new Map<string, GroupLabels>();
    for (const r of rows) {
      const g = out.get(r.group) ?? { group: r.group, labels: [] };
      g.labels.push({ name: r.label, count: r._count._all });
      out.set(r.group, g);
    }
    return [...out.values()];
  }

  /** Imports a corpus on the server's filesystem and records it (same importer as the sweep workflow). */
  async register(format: string, root: string, classes: string): Promise<Dataset> {
    if (!(DATASET_FORMATS as readonly string[]).includes(format)) throw badInput(`format: "${format}" is not one of ${DATASET_FORMATS.join(', ')}`, { field: 'format' });
    if (classes !== '4' && classes !== 'all') throw badInput(`classes: "${classes}" is not 4 or all`, { field: 'classes' });
    if (!root.trim()) throw badInput('root: expected a path on the server', { field: 'root' });
    const abs = path.resolve(root);
    if (format !== 'synthetic' && !fs.existsSync(abs)) throw badInput(`root: ${abs} does not exist on the server`, { field: 'root' });
    const source = { format, root: abs, classes: classes === 'all' ? 'all' : 4 } as SweepSpec['dataset'];
    // The import runs as a workflow (it survives an API restart); registering the same source
    // while its import runs joins that import instead of starting a second one.
    const key = createHash('sha256').update(JSON.stringify([format, abs, classes])).digest('hex').slice(0, 16);
    try {
      const { datasetId } = await this.temporal.workflow.execute('importDatasetWorkflow', {
        taskQueue: TASK_QUEUES.cpu,
        workflowId: `dataset-import-${key}`,
        workflowIdConflictPolicy: 'USE_EXISTING',
        args: [{ dataset: source }],
      });
      return toDataset(await this.store.datasets.getOrThrow(datasetId));
    } catch (e) {
      // WorkflowFailedError → ActivityFailure → ApplicationFailure(type = the activity's error name)
      const cause = (e instanceof WorkflowFailedError ? (e.cause?.cause ?? e.cause) : undefined) as { type?: string; message: string } | undefined;
      if (cause && (cause.type === 'InputError' || cause.type === 'SpecError')) throw badInput(cause.message, { field: 'root' });
      throw e;
    }
  }
}
