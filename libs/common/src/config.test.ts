import { describe, expect, it } from 'vitest';
import { loadServiceConfig, localServiceUrls } from './config.js';
import { InputError } from './errors.js';

describe('service config', () => {
  it('reads endpoints and secrets from the environment', () => {
    const cfg = loadServiceConfig({ DATABASE_URL: 'postgresql://a@b/c', S3_BUCKET: 'x', S3_SECRET_ACCESS_KEY: 's' });
    expect(cfg.databaseUrl).toBe('postgresql://a@b/c');
    expect(cfg.s3.bucket).toBe('x');
    expect(cfg.s3.secretAccessKey).toBe('s');
  });
  it('leaves services unset (embedded default) when the environment names none', () => {
    const cfg = loadServiceConfig({});
    expect(cfg.databaseUrl).toBeUndefined();
    expect(cfg.temporalAddress).toBeUndefined();
  });
  it('builds loopback URLs from the infra port variables', () => {
    expect(localServiceUrls({ EMOSWEEP_PG_PORT: '6000' }).databaseUrl).toContain('127.0.0.1:6000');
  });
  it('input errors name the input and the problem', () => {
    expect(new InputError('a.wav', 'empty file').message).toBe('a.wav: empty file');
  });
});
