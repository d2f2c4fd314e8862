/**
 * Canonical JSON and SHA-256, pure JS (no node:crypto, no TextEncoder, no WebCrypto) so they run
 * unchanged in Temporal's workflow sandbox, in the browser console and in Node.
 */
import { sha256 } from '@noble/hashes/sha2.js';

/**
 * Canonical JSON: object keys sorted by UTF-16 code unit order (not locale), no whitespace,
 * arrays kept in order, `undefined` object members dropped (as JSON does). Numbers use the
 * ECMAScript shortest round-trip form (`1e-7`, `0.0001`); `-0` is written `0`. Non-finite
 * numbers, bigints, functions, symbols and cycles are rejected, so a key can never silently
 * depend on a value JSON would mangle.
 */
export function canonicalJson(value: unknown): string {
  return write(value, []);
}

function write(value: unknown, stack: object[]): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: non-finite number ${value}`);
      return JSON.stringify(value);
    case 'object': {
      if (stack.includes(value)) throw new TypeError('canonicalJson: cyclic value');
      stack.push(value);
      let out: string;
      if (Array.isArray(value)) {
        out = `[${value.map((v) => (v === undefined ? 'null' : write(v, stack))).join(',')}]`;
      } else {
        const proto = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== null) {
          throw new TypeError(`canonicalJson: only plain objects and arrays are allowed, got ${proto?.constructor?.name ?? 'object'}`);
        }
        const rec = value as Record<string, unknown>;
        const keys = Object.keys(rec)
          .filter((k) => rec[k] !== undefined)
          .sort(compareCodeUnits);
        out = `{${keys.map((k) => `${JSON.stringify(k)}:${write(rec[k], stack)}`).join(',')}}`;
      }
      stack.pop();
      return out;
    }
    default:
      throw new TypeError(`canonicalJson: cannot encode a ${typeof value}`);
  }
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** UTF-8 encode without TextEncoder (lone surrogates become U+FFFD, as TextEncoder does). */
export function utf8Bytes(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else c = 0xfffd;
    } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

/** SHA-256 of the UTF-8 bytes of `text`. */
export function sha256Bytes(text: string): Uint8Array {
  return sha256(utf8Bytes(text));
}

/** SHA-256 of the UTF-8 bytes of `text`, lower-case hex (64 chars). */
export function sha256Hex(text: string): string {
  const bytes = sha256Bytes(text);
  let hex = '';
  for (const b of bytes) hex += (b < 16 ? '0' : '') + b.toString(16);
  return hex;
}

/** First 32 bits of SHA-256(text) as an unsigned integer (big-endian). */
export function sha256Uint32(text: string): number {
  const b = sha256Bytes(text);
  return ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
}
