import { UNDELIVERABLE_CATEGORY, type RegardingRef } from '#contract';
import { eventCandidate, isAutoReply, messageCandidate, type Candidate } from '#server/sync/cycle/candidate';
import { correlate, decide, type CorrelationIndex, type PolicyContext } from '#server/sync/cycle/decide';
import type { GraphEvent, GraphMessage } from '#server/sync/graph/types';
import { fixture } from '../fixtures';

const OWNER = 'sam.lee@contoso.example';
const OPPORTUNITY: RegardingRef = { type: 'opportunity', id: '3f1c2a8e-5b7d-4e61-9a0c-2d4b6e8f1a3c' };
const ACCOUNT: RegardingRef = { type: 'account', id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' };

const pending = () => messageCandidate(fixture<GraphMessage>('message-pending-marker.json'), 'inbox', OWNER);
const reply = () => messageCandidate(fixture<GraphMessage>('message-reply.json'), 'inbox', OWNER);
const oof = () => messageCandidate(fixture<GraphMessage>('message-out-of-office.json'), 'inbox', OWNER);

const emptyIndex = (): CorrelationIndex => ({ byKey: new Map(), byConversation: new Map() });
const policy = (p: Partial<PolicyContext> = {}): PolicyContext => ({
  policy: 'replies',
  neverLog: [],
  autoTrackSince: '2026-01-01T00:00:00.000Z',
  crmAddresses: new Set(),
  ...p,
});
const plain = (over: Partial<Candidate> = {}): Candidate => ({
  ...reply(),
  inReplyTo: null,
  references: [],
  conversationId: 'conv-unrelated',
  ...over,
});

describe('reading a Graph message', () => {
  it('reads the pending marker out of the cecp- property and keeps the item fields crm.track needs', () => {
    const c = pending();
    expect(c.key).toBe('<CAF9x2v1@mail.fabrikam.example>');
    expect(c.marker).toMatchObject({
      state: 'pending',
      regarding: OPPORTUNITY,
      regardingName: 'Fabrikam renewal',
    });
    expect(c.inReplyTo).toBe('<quote-17@contoso.example>');
    expect(c.references).toEqual(['<intro-3@contoso.example>', '<quote-17@contoso.example>']);
    expect(c.counterparts).toEqual(['ana.silva@fabrikam.example', 'bo.chen@fabrikam.example']);
    expect(c.request.item.people).toEqual([
      { role: 'from', address: 'ana.silva@fabrikam.example', name: 'Ana Silva' },
      { role: 'to', address: 'sam.lee@contoso.example', name: 'Sam Lee' },
      { role: 'cc', address: 'Bo.Chen@Fabrikam.example', name: 'Bo Chen' },
    ]);
    expect(c.request.item.body).toEqual({
      contentType: 'html',
      content: expect.stringContaining('we accept'),
    });
    expect(c.request.item.sentAt).toBe('2026-11-20T09:13:58.000Z');
    expect(c.request.item.mailboxItemId).toBe(c.itemId);
  });

  it('reads an event with attendees as parties and UTC times with an offset', () => {
    const c = eventCandidate(fixture<GraphEvent>('event-categorized.json'), OWNER);
    expect(c.kind).toBe('appointment');
    expect(c.key).toBe('040000008200E00074C5B7101A82E00800000000A1B2C3D4E5F6');
    expect(c.request.item.start).toBe('2026-11-25T15:00:00.000Z');
    expect(c.request.item.end).toBe('2026-11-25T15:30:00.000Z');
    expect(c.request.item.location).toBe('Teams');
    expect(c.request.item.people.map((p) => p.role)).toEqual([
      'organizer',
      'required',
      'optional',
      'optional',
    ]);
  });

  it('recognizes auto-replies by header and by subject, but not ordinary mail', () => {
    expect(oof().autoReply).toBe(true);
    expect(reply().autoReply).toBe(false);
    expect(isAutoReply([{ name: 'Auto-Submitted', value: 'no' }], 'Hello')).toBe(false);
    expect(isAutoReply([{ name: 'Precedence', value: 'bulk' }], 'Newsletter')).toBe(true);
    expect(isAutoReply([], 'Out of Office: back Monday')).toBe(true);
  });
});

describe('decision rules', () => {
  it('tracks a pending marker with its regarding, even for an auto-reply or a never-log address', () => {
    const c = { ...pending(), autoReply: true };
    const d = decide(c, emptyIndex(), policy({ policy: 'none', neverLog: ['fabrikam.example'] }));
    expect(d).toEqual({ action: 'track', source: 'sync_marker', regarding: OPPORTUNITY });
  });

  it('skips markers already tracked or failed, drafts, and undeliverable items', () => {
    const base = pending();
    const tracked = { ...base, marker: { ...base.marker!, state: 'tracked' as const } };
    const failed = { ...base, marker: { ...base.marker!, state: 'failed' as const } };
    expect(decide(tracked, emptyIndex(), policy())).toEqual({ action: 'skip', reason: 'already_tracked' });
    expect(decide(failed, emptyIndex(), policy())).toEqual({ action: 'skip', reason: 'marker_failed' });
    expect(decide({ ...base, isDraft: true }, emptyIndex(), policy())).toEqual({
      action: 'skip',
      reason: 'draft',
    });
    expect(
      decide(
        { ...base, marker: null, categories: [UNDELIVERABLE_CATEGORY, 'Tracked to Regarding'] },
        emptyIndex(),
        policy(),
      ),
    ).toMatchObject({ reason: 'undeliverable' });
  });

  it('tracks a new pending marker on an item that was undeliverable before (the user asked again)', () => {
    expect(
      decide({ ...pending(), categories: [UNDELIVERABLE_CATEGORY] }, emptyIndex(), policy()),
    ).toMatchObject({
      action: 'track',
      source: 'sync_marker',
    });
  });

  it('tracks the "Tracked to Regarding" category without a marker, regarding what it correlates to', () => {
    const c = { ...reply(), marker: null, categories: ['Tracked to Regarding'] };
    const index = emptyIndex();
    index.byKey.set('<CAF9x2v1@mail.fabrikam.example>', ACCOUNT);
    expect(decide(c, index, policy({ policy: 'none' }))).toEqual({
      action: 'track',
      source: 'category',
      regarding: ACCOUNT,
    });
    expect(decide(c, emptyIndex(), policy({ policy: 'none' }))).toEqual({
      action: 'track',
      source: 'category',
      regarding: null,
    });
  });

  it('tracks events only when marked or categorized', () => {
    const e = eventCandidate(fixture<GraphEvent>('event-categorized.json'), OWNER);
    expect(decide(e, emptyIndex(), policy({ policy: 'all' }))).toMatchObject({
      action: 'track',
      source: 'category',
    });
    expect(decide({ ...e, categories: [] }, emptyIndex(), policy({ policy: 'all' }))).toEqual({
      action: 'skip',
      reason: 'not_marked',
    });
  });

  it('policy "replies" (default) tracks a reply to a tracked email with the same regarding and nothing else', () => {
    const index = emptyIndex();
    index.byKey.set('<CAF9x2v1@mail.fabrikam.example>', OPPORTUNITY);
    expect(decide(reply(), index, policy())).toEqual({
      action: 'track',
      source: 'correlation',
      regarding: OPPORTUNITY,
    });
    expect(decide(plain(), index, policy())).toEqual({ action: 'skip', reason: 'not_a_reply' });
  });

  it('skips auto-replies and never-log addresses or domains under every policy', () => {
    const index = emptyIndex();
    index.byKey.set('<CAF9x2v1@mail.fabrikam.example>', OPPORTUNITY);
    expect(decide(oof(), index, policy({ policy: 'all' }))).toEqual({ action: 'skip', reason: 'auto_reply' });
    expect(decide(reply(), index, policy({ neverLog: ['@fabrikam.example'] }))).toEqual({
      action: 'skip',
      reason: 'never_log',
    });
    expect(
      decide(reply(), index, policy({ policy: 'all', neverLog: ['Ana.Silva@fabrikam.example'] })),
    ).toMatchObject({
      reason: 'never_log',
    });
    expect(decide(reply(), index, policy({ neverLog: ['other.example'] }))).toMatchObject({
      action: 'track',
    });
  });

  it('policy "none" tracks nothing automatically, not even replies', () => {
    const index = emptyIndex();
    index.byKey.set('<CAF9x2v1@mail.fabrikam.example>', OPPORTUNITY);
    expect(decide(reply(), index, policy({ policy: 'none' }))).toEqual({
      action: 'skip',
      reason: 'policy_none',
    });
  });

  it('policy "from CRM records" tracks mail from a known contact, lead or account only', () => {
    const known = policy({
      policy: 'from_crm_records',
      crmAddresses: new Set(['ana.silva@fabrikam.example']),
    });
    expect(decide(plain(), emptyIndex(), known)).toEqual({
      action: 'track',
      source: 'auto_policy',
      regarding: null,
    });
    expect(decide(plain(), emptyIndex(), policy({ policy: 'from_crm_records' }))).toEqual({
      action: 'skip',
      reason: 'not_from_crm_record',
    });
    const sent = {
      ...plain(),
      folder: 'sentitems' as const,
      from: OWNER,
      counterparts: ['ana.silva@fabrikam.example'],
    };
    expect(decide(sent, emptyIndex(), known)).toMatchObject({ action: 'track' });
  });

  it('policy "all" tracks any email, but not mail from before the mailbox was enabled', () => {
    expect(decide(plain(), emptyIndex(), policy({ policy: 'all' }))).toMatchObject({
      action: 'track',
      source: 'auto_policy',
    });
    expect(
      decide(plain(), emptyIndex(), policy({ policy: 'all', autoTrackSince: '2027-01-01T00:00:00.000Z' })),
    ).toEqual({
      action: 'skip',
      reason: 'before_enabled',
    });
  });

  it('never tracks an item without a key', () => {
    expect(decide({ ...pending(), key: null }, emptyIndex(), policy())).toEqual({
      action: 'skip',
      reason: 'no_key',
    });
  });
});

describe('correlation', () => {
  it('prefers In-Reply-To, then the nearest References entry, then the conversation', () => {
    const c = reply();
    const index = emptyIndex();
    index.byConversation.set(c.conversationId!, ACCOUNT);
    expect(correlate(c, index)).toEqual({ via: 'conversation', regarding: ACCOUNT });
    index.byKey.set('<intro-3@contoso.example>', null);
    index.byKey.set('<quote-17@contoso.example>', ACCOUNT);
    expect(correlate(c, index)).toEqual({ via: 'references', regarding: ACCOUNT });
    index.byKey.set('<CAF9x2v1@mail.fabrikam.example>', OPPORTUNITY);
    expect(correlate(c, index)).toEqual({ via: 'in_reply_to', regarding: OPPORTUNITY });
  });

  it('finds nothing for an unrelated email or an appointment', () => {
    const index = emptyIndex();
    index.byKey.set('<CAF9x2v1@mail.fabrikam.example>', OPPORTUNITY);
    expect(correlate(plain(), index)).toBeNull();
    expect(correlate(eventCandidate(fixture<GraphEvent>('event-categorized.json'), OWNER), index)).toBeNull();
  });
});
