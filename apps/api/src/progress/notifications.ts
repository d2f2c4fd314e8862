import pg from 'pg';
import type { Logger } from '@emosweep/common';

/** The channel the progress triggers (prisma/migrations/*_progress_notify) notify on. */
export const PROGRESS_CHANNEL = 'emosweep_progress';

/** Where NOTIFY payloads come from: a LISTEN connection to Postgres, or the embedded PGlite. */
export interface NotificationSource {
  /** Starts listening. `onResync` is called after a reconnect (notifications may have been missed). */
  start(onPayload: (payload: string) => void, onResync: () => void): Promise<void>;
  /** True while the LISTEN connection is up. */
  healthy(): boolean;
  close(): Promise<void>;
}

/** A dedicated connection that LISTENs, reconnecting with backoff when it drops. */
export class PgNotificationSource implements NotificationSource {
  private client: pg.Client | undefined;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;
  private onPayload: (payload: string) => void = () => {};
  private onResync: () => void = () => {};

  constructor(
    private readonly databaseUrl: string,
    private readonly log?: Logger,
    private readonly channel = PROGRESS_CHANNEL,
  ) {}

  async start(onPayload: (payload: string) => void, onResync: () => void): Promise<void> {
    this.onPayload = onPayload;
    this.onResync = onResync;
    await this.connect(); // the first connection must work: a failure here fails the start
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl, keepAlive: true, application_name: 'emosweep-api-listen' });
    client.on('notification', (n) => {
      if (n.channel === this.channel && n.payload) this.onPayload(n.payload);
    });
    const lost = (err?: Error) => {
      if (this.client !== client) return;
      this.client = undefined;
      client.end().catch(() => {});
      if (this.closed) return;
      this.log?.warn({ err: err?.message }, 'progress LISTEN connection lost; reconnecting');
      this.reconnect(0);
    };
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch (e) {
      await client.end().catch(() => {});
      throw e;
    }
    if (this.closed) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
  }

  private reconnect(attempt: number) {
    if (this.closed) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.connect().then(
        () => this.onResync(),
        () => this.reconnect(attempt + 1),
      );
    }, Math.min(5000, 250 * 2 ** attempt));
    this.retry.unref();
  }

  healthy(): boolean {
    return this.client !== undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => {});
  }
}

/** The embedded default: PGlite delivers its own NOTIFYs to `listen` callbacks in-process. */
export class PGliteNotificationSource implements NotificationSource {
  private unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly db: { listen(channel: string, cb: (payload: string) => void): Promise<() => Promise<void>> },
    private readonly channel = PROGRESS_CHANNEL,
  ) {}

  async start(onPayload: (payload: string) => void): Promise<void> {
    this.unlisten = await this.db.listen(this.channel, onPayload);
  }

  healthy(): boolean {
    return this.unlisten !== undefined;
  }

  async close(): Promise<void> {
    await this.unlisten?.().catch(() => {});
    this.unlisten = undefined;
  }
}
