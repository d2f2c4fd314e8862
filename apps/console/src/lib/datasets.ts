/** Dataset counts come as JSON: accept `{ group: n }`, `[{ group|key|name, count }]` or `{ key: { count } }`. */
export function countEntries(v: unknown): [string, number][] {
  if (Array.isArray(v)) {
    return v.map((e) => {
      const o = (e ?? {}) as Record<string, unknown>;
      const k = o.group ?? o.label ?? o.speaker ?? o.key ?? o.name ?? '?';
      return [String(k), Number(o.count ?? o.n ?? 0)] as [string, number];
    });
  }
  if (v && typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, typeof x === 'number' ? x : Number((x as { count?: unknown })?.count ?? 0)] as [string, number]);
  }
  return [];
}

const natural = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

export function groupsOf(counts: { groups?: unknown } | null | undefined): string[] | undefined {
  const e = countEntries(counts?.groups);
  return e.length ? e.map(([k]) => k).sort(natural) : undefined;
}

export function totalOf(counts: { utterances?: number | null; groups?: unknown } | null | undefined): number | undefined {
  if (typeof counts?.utterances === 'number') return counts.utterances;
  const e = countEntries(counts?.groups);
  return e.length ? e.reduce((a, [, n]) => a + n, 0) : undefined;
}

export { natural };
