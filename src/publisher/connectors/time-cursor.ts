import type { InboundItem } from './types.ts';

/**
 * For networks whose inbox has no since-id (Facebook comments and conversations, LinkedIn comments): the
 * cursor is the newest time seen and the ids seen at exactly that time. Gives the items newer than the
 * cursor, oldest first, and the cursor after them. `unitMs` is the network's time resolution.
 */
export function newSinceCursor(items: InboundItem[], cursor: string | null, unitMs = 1): { items: InboundItem[]; cursor: string | null } {
  const seen = cursor ? (JSON.parse(cursor) as { t: number; ids: string[] }) : { t: 0, ids: [] };
  const timeOf = (i: InboundItem) => Math.floor(i.createdAt.getTime() / unitMs);
  const fresh = items
    .filter((i) => timeOf(i) > seen.t || (timeOf(i) === seen.t && !seen.ids.includes(i.remoteId)))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  if (!fresh.length) return { items: [], cursor };
  const t = Math.max(seen.t, ...fresh.map(timeOf));
  const ids = [...(t === seen.t ? seen.ids : []), ...fresh.filter((i) => timeOf(i) === t).map((i) => i.remoteId)];
  return { items: fresh, cursor: JSON.stringify({ t, ids: ids.slice(-200) }) };
}
