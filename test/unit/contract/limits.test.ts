import {
  ADDRESS_MAX_CHARS,
  BODY_MAX_CHARS,
  KEY_MAX_CHARS,
  LOCATION_MAX_CHARS,
  MARKER_BY_MAX_CHARS,
  MESSAGE_ID_MAX_CHARS,
  NEVER_LOG_MAX,
  PEOPLE_MAX,
  REFERENCES_MAX,
  REGARDING_NAME_MAX_CHARS,
  RESOLVE_ADDRESSES_MAX,
  STATUS_ITEMS_MAX,
  SUBJECT_MAX_CHARS,
  ResolveRequest,
  StatusRequest,
  TrackRequest,
  TrackingMarker,
  UpdateSettingsRequest,
} from '#contract';

/**
 * The named limits are the ones the schemas enforce: a value at the limit passes, one more fails
 * at the field it belongs to. The add-in and sync cut what they read to these same constants.
 */
type Case = { name: string; schema: { safeParse(v: unknown): SafeResult }; at: (n: number) => unknown };
type SafeResult = { success: boolean; error?: { issues: { code: string; path: PropertyKey[] }[] } };

const person = { role: 'to', address: 'a@b.example' };
const item = (over: Record<string, unknown> = {}) => ({ item: { subject: 's', people: [], ...over } });
const marker = (over: Record<string, unknown> = {}) => ({
  v: 1,
  state: 'pending',
  kind: 'email',
  by: 'u',
  at: '2026-11-20T12:00:00.000Z',
  ...over,
});

const cases: (Case & { limit: number; path: PropertyKey[] })[] = [
  {
    name: 'subject',
    schema: TrackRequest,
    limit: SUBJECT_MAX_CHARS,
    path: ['item', 'subject'],
    at: (n) => item({ subject: 'x'.repeat(n) }),
  },
  {
    name: 'body',
    schema: TrackRequest,
    limit: BODY_MAX_CHARS,
    path: ['item', 'body', 'content'],
    at: (n) => item({ body: { contentType: 'text', content: 'x'.repeat(n) } }),
  },
  {
    name: 'people',
    schema: TrackRequest,
    limit: PEOPLE_MAX,
    path: ['item', 'people'],
    at: (n) => item({ people: Array.from({ length: n }, () => person) }),
  },
  {
    name: 'address of a person',
    schema: TrackRequest,
    limit: ADDRESS_MAX_CHARS,
    path: ['item', 'people', 0, 'address'],
    at: (n) => item({ people: [{ role: 'to', address: 'x'.repeat(n) }] }),
  },
  {
    name: 'location',
    schema: TrackRequest,
    limit: LOCATION_MAX_CHARS,
    path: ['item', 'location'],
    at: (n) => item({ location: 'x'.repeat(n) }),
  },
  {
    name: 'references',
    schema: TrackRequest,
    limit: REFERENCES_MAX,
    path: ['item', 'references'],
    at: (n) => item({ references: Array.from({ length: n }, (_, i) => `<${i}@x.example>`) }),
  },
  {
    name: 'one message id',
    schema: TrackRequest,
    limit: MESSAGE_ID_MAX_CHARS,
    path: ['item', 'inReplyTo'],
    at: (n) => item({ inReplyTo: 'x'.repeat(n) }),
  },
  {
    name: 'key',
    schema: StatusRequest,
    limit: KEY_MAX_CHARS,
    path: ['items', 0, 'key'],
    at: (n) => ({ items: [{ kind: 'email', key: 'k'.repeat(n) }] }),
  },
  {
    name: 'status items',
    schema: StatusRequest,
    limit: STATUS_ITEMS_MAX,
    path: ['items'],
    at: (n) => ({ items: Array.from({ length: n }, (_, i) => ({ kind: 'email', key: `k${i}` })) }),
  },
  {
    name: 'addresses per resolve',
    schema: ResolveRequest,
    limit: RESOLVE_ADDRESSES_MAX,
    path: ['addresses'],
    at: (n) => ({ addresses: Array.from({ length: n }, (_, i) => `a${i}@b.example`) }),
  },
  {
    name: 'never-log entries',
    schema: UpdateSettingsRequest,
    limit: NEVER_LOG_MAX,
    path: ['neverLog'],
    at: (n) => ({ neverLog: Array.from({ length: n }, (_, i) => `d${i}.example`) }),
  },
  {
    name: "regarding's name in the marker",
    schema: TrackingMarker,
    limit: REGARDING_NAME_MAX_CHARS,
    path: ['regardingName'],
    at: (n) => marker({ regardingName: 'x'.repeat(n) }),
  },
  {
    name: 'author of the marker',
    schema: TrackingMarker,
    limit: MARKER_BY_MAX_CHARS,
    path: ['by'],
    at: (n) => marker({ by: 'x'.repeat(n) }),
  },
];

describe('API v1 limits', () => {
  it.each(cases)('accepts $name up to its limit and refuses one more', ({ schema, limit, path, at }) => {
    expect(schema.safeParse(at(limit)).success).toBe(true);
    const over = schema.safeParse(at(limit + 1));
    expect(over.success).toBe(false);
    expect(over.error?.issues).toEqual([expect.objectContaining({ code: 'too_big', path })]);
  });
});
