import {
  TRACKED_CATEGORY,
  UNDELIVERABLE_CATEGORY,
  isNeverLogged,
  type AutoTrackPolicy,
  type RegardingRef,
  type TrackingSource,
} from '#contract';
import type { Candidate } from './candidate';

/** Tracked items known to this cycle: by message key and by conversation id, with their regarding. */
export type CorrelationIndex = {
  byKey: Map<string, RegardingRef | null>;
  byConversation: Map<string, RegardingRef | null>;
};

export type Correlation = {
  via: 'in_reply_to' | 'references' | 'conversation';
  regarding: RegardingRef | null;
};

/**
 * Correlation, in order: In-Reply-To names a tracked email, then References (nearest ancestor
 * first), then the same Graph conversation id.
 */
export function correlate(c: Candidate, index: CorrelationIndex): Correlation | null {
  if (c.kind !== 'email') return null;
  if (c.inReplyTo && index.byKey.has(c.inReplyTo))
    return { via: 'in_reply_to', regarding: index.byKey.get(c.inReplyTo) ?? null };
  for (let i = c.references.length - 1; i >= 0; i--) {
    const ref = c.references[i]!;
    if (index.byKey.has(ref)) return { via: 'references', regarding: index.byKey.get(ref) ?? null };
  }
  if (c.conversationId && index.byConversation.has(c.conversationId))
    return { via: 'conversation', regarding: index.byConversation.get(c.conversationId) ?? null };
  return null;
}

export type PolicyContext = {
  policy: AutoTrackPolicy;
  /** The user's never-log list: addresses and domains (`@example.com` or `example.com`). */
  neverLog: string[];
  /** Auto-tracking applies to items that arrived at or after this instant. */
  autoTrackSince: string;
  /** Normalized addresses that belong to CRM contacts, leads or accounts the owner can read. */
  crmAddresses: ReadonlySet<string>;
};

export type SkipReason =
  | 'no_key'
  | 'draft'
  | 'already_tracked'
  | 'marker_failed'
  | 'undeliverable'
  | 'not_marked'
  | 'policy_none'
  | 'before_enabled'
  | 'auto_reply'
  | 'never_log'
  | 'not_a_reply'
  | 'not_from_crm_record';

export type Decision =
  | { action: 'track'; source: TrackingSource; regarding: RegardingRef | null }
  | { action: 'skip'; reason: SkipReason };

/**
 * The decision rules of a cycle, in order: manual tracking (pending marker, then the category),
 * then the auto-track policy minus auto-replies and the never-log list, with correlation supplying
 * the regarding record. Pure: everything it needs comes in.
 */
export function decide(c: Candidate, index: CorrelationIndex, ctx: PolicyContext): Decision {
  if (c.isDraft) return { action: 'skip', reason: 'draft' };
  if (!c.key) return { action: 'skip', reason: 'no_key' };

  // A pending marker is the user's explicit request, even on an item that failed before.
  const marker = c.marker;
  if (marker?.state === 'pending')
    return { action: 'track', source: 'sync_marker', regarding: marker.regarding ?? null };
  if (c.categories.includes(UNDELIVERABLE_CATEGORY)) return { action: 'skip', reason: 'undeliverable' };
  if (marker?.state === 'tracked') return { action: 'skip', reason: 'already_tracked' };
  if (marker?.state === 'failed') return { action: 'skip', reason: 'marker_failed' };

  const correlation = correlate(c, index);
  if (c.categories.includes(TRACKED_CATEGORY))
    return { action: 'track', source: 'category', regarding: correlation?.regarding ?? null };

  // Appointments are tracked only on request (marker or category).
  if (c.kind !== 'email') return { action: 'skip', reason: 'not_marked' };
  if (ctx.policy === 'none') return { action: 'skip', reason: 'policy_none' };
  if (!c.receivedAt || c.receivedAt < ctx.autoTrackSince) return { action: 'skip', reason: 'before_enabled' };
  if (c.autoReply) return { action: 'skip', reason: 'auto_reply' };
  if (c.counterparts.some((a) => isNeverLogged(a, ctx.neverLog)))
    return { action: 'skip', reason: 'never_log' };

  if (correlation) return { action: 'track', source: 'correlation', regarding: correlation.regarding };
  switch (ctx.policy) {
    case 'replies':
      return { action: 'skip', reason: 'not_a_reply' };
    case 'from_crm_records': {
      // Incoming: the sender is a CRM record; outgoing: any recipient is.
      const relevant = c.folder === 'inbox' ? (c.from ? [c.from] : []) : c.counterparts;
      return relevant.some((a) => ctx.crmAddresses.has(a))
        ? { action: 'track', source: 'auto_policy', regarding: null }
        : { action: 'skip', reason: 'not_from_crm_record' };
    }
    case 'all':
      return { action: 'track', source: 'auto_policy', regarding: null };
  }
}
