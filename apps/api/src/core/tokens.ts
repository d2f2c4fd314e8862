/** Nest injection tokens (the API runs without decorator metadata: every dependency names its token). */
export const STORE = Symbol('emosweep:store');
export const ARTIFACTS = Symbol('emosweep:artifacts');
export const TEMPORAL_CLIENT = Symbol('emosweep:temporal-client');
export const API_CONFIG = Symbol('emosweep:api-config');
export const API_DEPS = Symbol('emosweep:api-deps');
export const SWEEP_SERVICE = Symbol('emosweep:sweep-service');
export const LOGGER = Symbol('emosweep:logger');
export const RESPONSE_CACHE = Symbol('emosweep:response-cache');
