import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Logger } from '@emosweep/common';
import { TERMINAL, type Store } from '@emosweep/store';
import { LOGGER, RESPONSE_CACHE, STORE } from '../core/tokens.js';
import type { ResponseCache } from '../graphql/response-cache.js';
import { isUuid, notFound } from '../errors.js';
import { metricsOrNull, RunStatus } from '../graphql/common.types.js';
import { createLoaders } from '../graphql/loaders.js';
import type { NotificationSource } from './notifications.js';
import { ProgressKind, type SweepProgressEvent } from './progress.types.js';

export const NOTIFICATIONS = Symbol('emosweep:notifications');

/** Events a subscriber may fall behind by before it is cut off (a client that stopped reading). */
const MAX_BUFFERED = 10_000;

type Payload = Record<string, unknown> & { k: string; s: string };

const num = (v: unknown): number | null => (typeof v === 'number' ? v : v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** A NOTIFY payload (see the progress_notify migration) as a GraphQL event. */
export function toEvent(p: Payload, at = new Date()): SweepProgressEvent | null {
  const base = { sweepId: p.s, at, sweepStatus: null, error: null, counts: null, trial: null, fold: null, epoch: null };
  switch (p.k) {
    case 'sweep':
      return { ...base, kind: ProgressKind.SWEEP, sweepStatus: p.st as RunStatus, error: str(p.er) };
    case 'trial':
      return {
        ...base,
        kind: ProgressKind.TRIAL,
        trial: { id: String(p.t), status: p.st as RunStatus, foldsDone: Number(p.fd ?? 0), mean: metricsOrNull(num(p.mu), num(p.mw), num(p.mf)), std: metricsOrNull(num(p.su), num(p.sw), num(p.sf)) },
      };
    case 'fold':
      return {
        ...base,
        kind: ProgressKind.FOLD,
        fold: { id: String(p.f), trialId: String(p.t), heldOut: String(p.h), status: p.st as RunStatus, attempt: Number(p.a ?? 0), metrics: metricsOrNull(num(p.ua), num(p.wa), num(p.mf)), bestEpoch: num(p.be), error: str(p.er) },
      };
    case 'epoch':
      return {
        ...base,
        kind: ProgressKind.EPOCH,
        epoch: { foldRunId: String(p.f), trialId: String(p.t), heldOut: String(p.h), epoch: Number(p.e), trainLoss: Number(p.tl), valLoss: num(p.vl), valUa: num(p.vu), valWa: num(p.vw), lr: Number(p.lr) },
      };
    default:
      return null;
  }
}

class Subscriber {
  private queue: SweepProgressEvent[] = [];
  private wake: (() => void) | undefined;
  done = false;
  failure: Error | undefined;

  push(e: SweepProgressEvent) {
    if (this.done) return;
    if (this.queue.length >= MAX_BUFFERED) {
      this.fail(new Error(`subscriber fell ${MAX_BUFFERED} events behind: subscribe again`));
      return;
    }
    this.queue.push(e);
    this.wake?.();
  }

  fail(err: Error) {
    this.failure = err;
    this.end();
  }

  end() {
    this.done = true;
    this.wake?.();
  }

  async next(): Promise<SweepProgressEvent | undefined> {
    for (;;) {
      const e = this.queue.shift();
      if (e) return e;
      if (this.failure) throw this.failure;
      if (this.done) return undefined;
      await new Promise<void>((r) => (this.wake = r));
      this.wake = undefined;
    }
  }
}

/**
 * Fans the database's progress notifications out to `sweepProgress` subscribers. One LISTEN
 * connection for the whole process; each notification is parsed once and handed to the
 * subscribers of its sweep. A subscription starts with a SNAPSHOT (status and fold counts) and ends
 * after the sweep reaches a terminal status.
 */
@Injectable()
export class ProgressHub implements OnModuleDestroy {
  private readonly subscribers = new Map<string, Set<Subscriber>>();
  private started: Promise<void> | undefined;

  constructor(
    @Inject(STORE) private readonly store: Store,
    @Inject(NOTIFICATIONS) private readonly source: NotificationSource,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(RESPONSE_CACHE) private readonly cache: ResponseCache | null,
  ) {}

  /** Starts listening (idempotent; the server calls it at start-up). */
  start(): Promise<void> {
    this.started ??= this.source.start(
      (payload) => this.dispatch(payload),
      () => void this.resync(),
    );
    return this.started;
  }

  healthy(): boolean {
    return this.source.healthy();
  }

  subscriberCount(sweepId?: string): number {
    if (sweepId) return this.subscribers.get(sweepId)?.size ?? 0;
    let n = 0;
    for (const s of this.subscribers.values()) n += s.size;
    return n;
  }

  private dispatch(payload: string) {
    if (!this.cache && !this.subscribers.size) return;
    let p: Payload;
    try {
      p = JSON.parse(payload) as Payload;
    } catch {
      this.log.warn({ payload }, 'unparseable progress notification');
      return;
    }
    if (p.s) this.cache?.invalidate(p.s);
    const subs = p.s ? this.subscribers.get(p.s) : undefined;
    if (!subs?.size) return;
    const event = toEvent(p);
    if (!event) return;
    const terminal = event.kind === ProgressKind.SWEEP && TERMINAL.includes(event.sweepStatus as never);
    for (const s of subs) {
      s.push(event);
      if (terminal) s.end();
    }
  }

  /** After a reconnect notifications may have been missed: every subscriber gets a fresh snapshot. */
  private async resync() {
    this.cache?.clear();
    for (const [sweepId, subs] of this.subscribers) {
      try {
        const snap = await this.snapshot(sweepId);
        if (!snap) continue;
        for (const s of subs) {
          s.push(snap);
          if (TERMINAL.includes(snap.sweepStatus as never)) s.end();
        }
      } catch (e) {
        this.log.warn({ err: (e as Error).message, sweepId }, 'progress resync failed');
      }
    }
  }

  private async snapshot(sweepId: string): Promise<SweepProgressEvent | null> {
    const sweep = await this.store.sweeps.get(sweepId);
    if (!sweep) return null;
    const counts = await createLoaders(this.store).countsBySweep.load(sweepId);
    return { kind: ProgressKind.SNAPSHOT, sweepId, at: new Date(), sweepStatus: sweep.status as RunStatus, error: sweep.error, counts, trial: null, fold: null, epoch: null };
  }

  /** The events of one sweep: a SNAPSHOT first, then every change until the sweep finishes. */
  async subscribe(sweepId: string): Promise<AsyncIterableIterator<SweepProgressEvent>> {
    await this.start();
    if (!isUuid(sweepId)) throw notFound('sweep', sweepId);
    const sub = new Subscriber();
    let set = this.subscribers.get(sweepId);
    if (!set) this.subscribers.set(sweepId, (set = new Set()));
    set.add(sub);
    const remove = () => {
      sub.end();
      set!.delete(sub);
      if (!set!.size && this.subscribers.get(sweepId) === set) this.subscribers.delete(sweepId);
    };
    // Registered before reading the snapshot, so nothing written in between is missed.
    let snap: SweepProgressEvent | null;
    try {
      snap = await this.snapshot(sweepId);
    } catch (e) {
      remove();
      throw e;
    }
    if (!snap) {
      remove();
      throw notFound('sweep', sweepId);
    }
    const first = snap;
    let sentFirst = false;
    const terminalAtStart = TERMINAL.includes(first.sweepStatus as never);
    const it: AsyncIterableIterator<SweepProgressEvent> = {
      [Symbol.asyncIterator]() {
        return it;
      },
      async next() {
        if (!sentFirst) {
          sentFirst = true;
          if (terminalAtStart) remove();
          return { value: first, done: false };
        }
        try {
          const e = await sub.next();
          if (e === undefined) {
            remove();
            return { value: undefined, done: true };
          }
          return { value: e, done: false };
        } catch (err) {
          remove();
          throw err;
        }
      },
      async return() {
        remove();
        return { value: undefined, done: true };
      },
      async throw(err?: unknown) {
        remove();
        throw err;
      },
    };
    return it;
  }

  async onModuleDestroy(): Promise<void> {
    for (const subs of this.subscribers.values()) for (const s of subs) s.end();
    this.subscribers.clear();
    await this.source.close();
  }
}
