import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { localServiceUrls } from '@emosweep/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as activities from './fixtures/activities.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const address = localServiceUrls().temporalAddress;
const infra = (...args: string[]) => execFileSync('bash', [path.join(here, '..', 'infra.sh'), ...args], { stdio: 'pipe' });

Runtime.install({ logger: new DefaultLogger('WARN') });
let bundle: WorkflowBundleWithSourceMap;

async function connect() {
  try {
    return await Connection.connect({ address, connectTimeout: '3s' });
  } catch (err) {
    throw new Error(`Temporal is not reachable at ${address} (run \`npm run infra:up\`): ${(err as Error).message}`);
  }
}

async function withWorker<T>(taskQueue: string, fn: () => Promise<T>): Promise<T> {
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({ connection, taskQueue, workflowBundle: bundle, activities });
  try {
    return await worker.runUntil(fn());
  } finally {
    await connection.close();
  }
}

describe('Temporal dev server (infra)', () => {
  beforeAll(async () => {
    bundle = await bundleWorkflowCode({ workflowsPath: path.join(here, 'fixtures', 'workflows.ts'), logger: undefined });
  });
  afterAll(() => {
    infra('up', 'temporal'); // leave it running for the suites after this one
  });

  it('runs a workflow that calls an activity', async () => {
    const connection = await connect();
    const client = new Client({ connection });
    const taskQueue = `infra-test-${process.pid}-${Date.now()}`;
    const result = await withWorker(taskQueue, () =>
      client.workflow.execute('shoutWorkflow', { taskQueue, workflowId: `${taskQueue}-wf`, args: ['hello'] }),
    );
    expect(result).toBe('HELLO');
    await connection.close();
  });

  it('completes a workflow started before a server restart (state kept on disk)', async () => {
    const taskQueue = `infra-restart-${process.pid}-${Date.now()}`;
    const workflowId = `${taskQueue}-wf`;
    let connection = await connect();
    // No worker yet: the workflow exists only in the server's database when the server stops.
    await new Client({ connection }).workflow.start('shoutWorkflow', { taskQueue, workflowId, args: ['kept', 500] });
    await connection.close();

    infra('down', 'temporal');
    await expect(Connection.connect({ address, connectTimeout: '1s' })).rejects.toThrow();
    infra('up', 'temporal');

    connection = await connect();
    const handle = new Client({ connection }).workflow.getHandle(workflowId);
    const result = await withWorker(taskQueue, () => handle.result());
    expect(result).toBe('KEPT');
    await connection.close();
  }, 120_000);
});
