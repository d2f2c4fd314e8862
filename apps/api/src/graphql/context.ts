import type { Request } from 'express';
import type { Loaders } from './loaders.js';

export type Role = 'viewer' | 'operator';

export interface Principal {
  tokenId: string;
  name: string;
  role: Role;
}

/** What every resolver gets as `@Context()`: who asks, and this request's batch loaders. */
export interface GqlContext {
  principal: Principal;
  loaders: Loaders;
  req?: Request & { log?: { info: (o: object, m?: string) => void } };
  /** Estimated cost of the operation (set by the limits plugin, logged with the request). */
  complexity?: number;
}
