import type { NextFunction, Request, Response } from 'express';
import busboy from 'busboy';

/**
 * The GraphQL multipart request spec (https://github.com/jaydenseric/graphql-multipart-request-spec)
 * for `predict(audio: Upload)`: parts `operations` (JSON), `map` (JSON) and the files, which are
 * read into memory up to `maxFileBytes` and substituted into the variables. Like Apollo's CSRF
 * prevention, a multipart request must carry `apollo-require-preflight` or `x-apollo-operation-name`
 * (a browser cannot send those cross-origin without a CORS preflight).
 */
export function graphqlMultipart(opts: { maxFileBytes: number; maxFiles?: number }) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.is('multipart/form-data')) return next();
    if (!req.headers['apollo-require-preflight'] && !req.headers['x-apollo-operation-name']) {
      res.status(400).json({ errors: [{ message: 'multipart requests need an `apollo-require-preflight: true` header', extensions: { code: 'BAD_REQUEST' } }] });
      return;
    }
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { fileSize: opts.maxFileBytes, files: opts.maxFiles ?? 1, fields: 2, fieldSize: 1 << 20 } });
    } catch (e) {
      res.status(400).json({ errors: [{ message: `malformed multipart request: ${(e as Error).message}`, extensions: { code: 'BAD_REQUEST' } }] });
      return;
    }
    const fields: Record<string, string> = {};
    const files = new Map<string, { filename: string; mimetype: string; buffer: Buffer; size: number }>();
    let failed: string | undefined;
    const pending: Promise<void>[] = [];
    bb.on('field', (name, value) => (fields[name] = value));
    bb.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      pending.push(
        new Promise<void>((resolve) => {
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('limit', () => (failed = `file ${info.filename} is larger than ${opts.maxFileBytes} bytes`));
          stream.on('end', () => {
            const buffer = Buffer.concat(chunks);
            files.set(name, { filename: info.filename, mimetype: info.mimeType, buffer, size: buffer.length });
            resolve();
          });
        }),
      );
    });
    bb.on('filesLimit', () => (failed = `at most ${opts.maxFiles ?? 1} file per request`));
    bb.on('error', (e) => (failed = (e as Error).message));
    bb.on('close', async () => {
      await Promise.all(pending);
      if (failed) {
        res.status(413).json({ errors: [{ message: failed, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
        return;
      }
      try {
        const operations = JSON.parse(fields.operations ?? 'null');
        const map = JSON.parse(fields.map ?? '{}') as Record<string, string[]>;
        if (!operations || typeof operations !== 'object' || Array.isArray(operations)) throw new Error('the `operations` part must be one JSON operation');
        for (const [part, paths] of Object.entries(map)) {
          const file = files.get(part);
          if (!file) throw new Error(`map names part ${part}, which is not in the request`);
          for (const p of paths) setPath(operations, p, file);
        }
        req.body = operations;
        // Apollo then sees a JSON request (the preflight header was checked above).
        req.headers['content-type'] = 'application/json';
        next();
      } catch (e) {
        res.status(400).json({ errors: [{ message: `malformed multipart GraphQL request: ${(e as Error).message}`, extensions: { code: 'BAD_REQUEST' } }] });
      }
    });
    req.pipe(bb);
  };
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  if (parts[0] !== 'variables') throw new Error(`map path ${path} must start with "variables."`);
  let cur: Record<string, unknown> = target;
  for (const [i, key] of parts.entries()) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') throw new Error(`map path ${path} is not allowed`);
    if (i === parts.length - 1) {
      cur[key] = value;
      return;
    }
    if (cur[key] === null || cur[key] === undefined) cur[key] = {};
    if (typeof cur[key] !== 'object') throw new Error(`map path ${path} does not lead to a variable`);
    cur = cur[key] as Record<string, unknown>;
  }
}
