/**
 * One checkpoint object: named binary sections (weights, optimizer state) plus JSON metadata
 * (trainer state, normaliser, model config) so a fold resumes, and a model predicts, from it alone.
 * Layout: "EMOCKPT1" | u32 header length | JSON header | sections back to back.
 */
export interface CheckpointContents {
  sections: Record<string, Uint8Array>;
  meta: Record<string, unknown>;
}

const MAGIC = 'EMOCKPT1';

export function encodeCheckpoint(c: CheckpointContents): Uint8Array {
  const entries = Object.entries(c.sections);
  let offset = 0;
  const index = entries.map(([name, bytes]) => {
    const e = { name, offset, length: bytes.byteLength };
    offset += bytes.byteLength;
    return e;
  });
  const header = new TextEncoder().encode(JSON.stringify({ sections: index, meta: c.meta }));
  const out = new Uint8Array(12 + header.length + offset);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, header.length, true);
  out.set(header, 12);
  for (const [i, [, bytes]] of entries.entries()) out.set(bytes, 12 + header.length + index[i].offset);
  return out;
}

export function decodeCheckpoint(bytes: Uint8Array, source: string): CheckpointContents {
  if (new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) throw new Error(`${source}: not an emosweep checkpoint`);
  const len = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + len))) as {
    sections: { name: string; offset: number; length: number }[];
    meta: Record<string, unknown>;
  };
  const base = 12 + len;
  const sections: Record<string, Uint8Array> = {};
  for (const s of header.sections) {
    if (base + s.offset + s.length > bytes.byteLength) throw new Error(`${source}: truncated checkpoint (section ${s.name})`);
    sections[s.name] = bytes.slice(base + s.offset, base + s.offset + s.length);
  }
  return { sections, meta: header.meta };
}
