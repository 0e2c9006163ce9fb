import {
  KEY_MAX_CHARS,
  STATUS_ITEMS_MAX,
  isRegardingType,
  type CompactCard,
  type RegardingRef,
} from '#contract';
import { loadTrackedIndex } from '../store/items';
import type { Candidate } from './candidate';
import type { CycleContext } from './context';
import type { CorrelationIndex } from './decide';

/** The regarding reference of a record card, when the card is of a type items can be regarding. */
export function regardingOf(card: CompactCard | null | undefined): RegardingRef | null {
  if (!card) return null;
  return isRegardingType(card.type) ? { type: card.type, id: card.id } : null;
}

/** Records an item as tracked in the index, so later items of the cycle correlate to it. */
export function rememberTracked(index: CorrelationIndex, c: Candidate, regarding: RegardingRef | null): void {
  if (c.key) index.byKey.set(c.key, regarding);
  if (c.conversationId) index.byConversation.set(c.conversationId, regarding);
}

/**
 * The tracked items the candidates can correlate to: this mailbox's item rows by key and
 * conversation, then the CRM for keys tracked elsewhere.
 */
export async function loadCorrelationIndex(
  ctx: CycleContext,
  candidates: Candidate[],
): Promise<CorrelationIndex> {
  const index: CorrelationIndex = { byKey: new Map(), byConversation: new Map() };
  const keys = [
    ...new Set(candidates.flatMap((c) => [c.inReplyTo, ...c.references]).filter((k): k is string => !!k)),
  ].filter((k) => k.length <= KEY_MAX_CHARS);
  const conversations = [...new Set(candidates.map((c) => c.conversationId).filter((k): k is string => !!k))];
  if (keys.length === 0 && conversations.length === 0) return index;
  for (const row of await loadTrackedIndex(ctx.db, ctx.mb.id, keys, conversations)) {
    if (row.key) index.byKey.set(row.key, row.regarding);
    if (row.conversationId) index.byConversation.set(row.conversationId, row.regarding);
  }
  // Emails tracked elsewhere (another mailbox, the pane) are known to the CRM by their key.
  const unknown = keys.filter((k) => !index.byKey.has(k));
  for (let i = 0; i < unknown.length; i += STATUS_ITEMS_MAX) {
    const chunk = unknown.slice(i, i + STATUS_ITEMS_MAX);
    const { items } = await ctx.crm.status(
      ctx.actor,
      chunk.map((key) => ({ kind: 'email' as const, key })),
    );
    for (const s of items) if (s.activityId) index.byKey.set(s.key, regardingOf(s.regarding));
  }
  return index;
}
