import { readFileSync } from 'node:fs';
import { cecpExtendedPropertyId } from '#contract/marker';
import { DEMO_USERS } from '#contract/demo-org';
import { SEEDED } from '#emulator/mailbox/seed';
import { expectSameShape, startTestEmulator, type TestEmulator } from './harness';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/graph/${name}`, import.meta.url), 'utf8'));

/** A recorded entity without its `@odata.context` (entities inside a collection carry none). */
const entity = (name: string): unknown => {
  const { ['@odata.context']: _context, ...rest } = fixture(name) as Record<string, unknown>;
  return rest;
};

const ALEX = DEMO_USERS.find((u) => u.email === 'alex.morgan@contoso.example')!;
const SAM = DEMO_USERS.find((u) => u.email === 'sam.lee@contoso.example')!;
const alexPath = `/users/${encodeURIComponent(ALEX.email)}`;
const IMMUTABLE = { prefer: 'IdType="ImmutableId"' };

type Page = {
  '@odata.context': string;
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
  value: Array<Record<string, unknown>>;
};

let emu: TestEmulator;

beforeEach(async () => {
  emu = await startTestEmulator();
});

afterEach(async () => {
  await emu.close();
});

async function json<T = Page>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

/** Follows nextLinks to the end of a delta round; returns every entry and the deltaLink. */
async function deltaRound(url: string, headers: Record<string, string> = {}) {
  const entries: Array<Record<string, unknown>> = [];
  let next: string | undefined = url;
  let pages = 0;
  for (;;) {
    const res = await emu.graph(next, { headers });
    expect(res.status).toBe(200);
    const body: Page = await json(res);
    pages++;
    entries.push(...body.value);
    if (body['@odata.nextLink']) {
      next = body['@odata.nextLink'];
      continue;
    }
    expect(body['@odata.deltaLink']).toMatch(/\$deltatoken=/);
    return { entries, deltaLink: body['@odata.deltaLink'] as string, pages };
  }
}

describe('messages', () => {
  it('pages through the inbox newest first with @odata.nextLink and $select', async () => {
    const first = await json(
      await emu.graph(`${alexPath}/mailFolders/inbox/messages?$top=5&$select=subject,from`),
    );
    expectSameShape(first, fixture('messages-page.json'));
    expect(first.value).toHaveLength(5);
    expect(Object.keys(first.value[0]!).sort()).toEqual(['@odata.etag', 'from', 'id', 'subject']);
    const subjects = [...first.value.map((m) => m.subject)];
    let next = first['@odata.nextLink'];
    while (next) {
      const page = await json(await emu.graph(next));
      subjects.push(...page.value.map((m) => m.subject));
      next = page['@odata.nextLink'];
    }
    expect(subjects).toHaveLength(SEEDED.alex.inboxCount);
    expect(subjects[0]).toBe(SEEDED.alex.inbox.priya.subject);
    expect(new Set(subjects).size).toBe(subjects.length);
  });

  it('keeps $filter and $orderby in nextLinks, and honours odata.maxpagesize', async () => {
    const filter = encodeURIComponent('isRead eq true and receivedDateTime ge 2000-01-01T00:00:00Z');
    let next: string | undefined =
      `${alexPath}/mailFolders/inbox/messages?$filter=${filter}&$orderby=receivedDateTime asc`;
    const dates: string[] = [];
    while (next) {
      const page: Page = await json(await emu.graph(next, { headers: { prefer: 'odata.maxpagesize=3' } }));
      expect(page.value.length).toBeLessThanOrEqual(3);
      dates.push(...page.value.map((m) => m.receivedDateTime as string));
      next = page['@odata.nextLink'];
    }
    expect(dates).toHaveLength(SEEDED.alex.inboxCount - 4);
    expect([...dates].sort()).toEqual(dates);
  });

  it('answers a message with the documented shape, and headers only when selected', async () => {
    const res = await emu.graph(`${alexPath}/messages/${SEEDED.alex.inbox.noraRolloutReply.id}`, {
      headers: IMMUTABLE,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('preference-applied')).toBe('IdType="ImmutableId"');
    expect(res.headers.get('request-id')).toBeTruthy();
    const message = await json<Record<string, unknown>>(res);
    expectSameShape(message, fixture('message.json'));
    expect(message.id).toBe(SEEDED.alex.inbox.noraRolloutReply.id);
    expect(message).not.toHaveProperty('internetMessageHeaders');
    expect(message).not.toHaveProperty('singleValueExtendedProperties');

    const headers = await json<{ internetMessageHeaders: Array<{ name: string; value: string }> }>(
      await emu.graph(
        `${alexPath}/messages/${SEEDED.alex.inbox.noraRolloutReply.id}?$select=internetMessageHeaders`,
      ),
    );
    expectSameShape(headers, fixture('message-headers.json'));
    const inReplyTo = headers.internetMessageHeaders.find((h) => h.name === 'In-Reply-To');
    expect(inReplyTo?.value).toBe(SEEDED.alex.sentItems.noraRolloutReply.internetMessageId);
  });

  it('gives REST ids that change when a message moves, and immutable ids that do not', async () => {
    const id = SEEDED.alex.inbox.newsletter.id;
    const before = await json<{ id: string }>(await emu.graph(`${alexPath}/messages/${id}`));
    expect(before.id).not.toBe(id);
    const moved = await emu.graph(`${alexPath}/messages/${before.id}/move`, {
      method: 'POST',
      body: JSON.stringify({ destinationId: 'deleteditems' }),
    });
    expect(moved.status).toBe(201);
    const after = await json<{ id: string }>(moved);
    expect(after.id).not.toBe(before.id);
    const immutable = await json<{ id: string }>(
      await emu.graph(`${alexPath}/messages/${after.id}`, { headers: IMMUTABLE }),
    );
    expect(immutable.id).toBe(id);
  });

  it('answers 404 ErrorItemNotFound in the documented error shape', async () => {
    const res = await emu.graph(`${alexPath}/messages/AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0Anope`);
    expect(res.status).toBe(404);
    const body = await json<{ error: { code: string } }>(res);
    expectSameShape(body, fixture('error.json'));
    expect(body.error.code).toBe('ErrorItemNotFound');
  });

  it('lists mail folders in the documented shape', async () => {
    const body = await json(await emu.graph(`${alexPath}/mailFolders`));
    expectSameShape(body, fixture('mail-folders.json'));
    const inbox = body.value.find((f) => f.displayName === 'Inbox');
    expect(inbox?.totalItemCount).toBe(SEEDED.alex.inboxCount);
  });
});

describe('extended properties and categories', () => {
  const cecp = cecpExtendedPropertyId();
  const marker = JSON.stringify({ regarding: { v: 1, state: 'tracked' } });

  it('PATCHes the add-in property, finds it with $filter and returns it with $expand', async () => {
    const id = SEEDED.alex.inbox.noraFabrikam.id;
    const patched = await emu.graph(`${alexPath}/messages/${id}`, {
      method: 'PATCH',
      headers: IMMUTABLE,
      body: JSON.stringify({
        categories: ['Tracked to Regarding'],
        singleValueExtendedProperties: [{ id: cecp, value: marker }],
      }),
    });
    expect(patched.status).toBe(200);
    expect((await json<{ categories: string[] }>(patched)).categories).toEqual(['Tracked to Regarding']);

    const filter = encodeURIComponent(
      `singleValueExtendedProperties/any(ep:ep/id eq '${cecp}' and ep/value ne null)`,
    );
    const expand = encodeURIComponent(`singleValueExtendedProperties($filter=id eq '${cecp}')`);
    const found = await json(
      await emu.graph(
        `${alexPath}/mailFolders/inbox/messages?$filter=${filter}&$expand=${expand}&$select=subject`,
        {
          headers: IMMUTABLE,
        },
      ),
    );
    expect(found.value.map((m) => m.id)).toEqual([id]);
    expectSameShape(found.value[0], entity('message-extended-property.json'));
    expect(found.value[0]!.singleValueExtendedProperties).toEqual([{ id: cecp, value: marker }]);

    const byValue = encodeURIComponent(
      `singleValueExtendedProperties/any(ep:ep/id eq '${cecp}' and ep/value eq '${marker.replace(/'/g, "''")}')`,
    );
    expect((await json(await emu.graph(`${alexPath}/messages?$filter=${byValue}`))).value).toHaveLength(1);

    const byCategory = encodeURIComponent(`categories/any(c:c eq 'Tracked to Regarding')`);
    expect((await json(await emu.graph(`${alexPath}/messages?$filter=${byCategory}`))).value).toHaveLength(1);

    // Without the expand the property stays out of the representation, as in Graph.
    const plain = await json<Record<string, unknown>>(await emu.graph(`${alexPath}/messages/${id}`));
    expect(plain).not.toHaveProperty('singleValueExtendedProperties');
  });

  it('rejects malformed extended property ids, unknown properties and bad filters', async () => {
    const id = SEEDED.alex.inbox.noraFabrikam.id;
    const bad = await emu.graph(`${alexPath}/messages/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({ singleValueExtendedProperties: [{ id: 'cecp-whatever', value: 'x' }] }),
    });
    expect(bad.status).toBe(400);
    const unknown = await emu.graph(`${alexPath}/messages/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({ color: 'red' }),
    });
    expect(unknown.status).toBe(400);
    expect((await json<{ error: { code: string } }>(unknown)).error.code).toBe('RequestBodyRead');
    const readOnly = await emu.graph(`${alexPath}/messages/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({ subject: 'x' }),
    });
    expect(readOnly.status).toBe(400);
    const filter = await emu.graph(
      `${alexPath}/messages?$filter=${encodeURIComponent("categories/any(c:c eq 'x'")}`,
    );
    expect(filter.status).toBe(400);
    expect((await json<{ error: { code: string } }>(filter)).error.code).toBe('ErrorInvalidUrlQueryFilter');
  });
});

describe('delta', () => {
  it('pages the inbox, then returns only what changed, including deletions', async () => {
    const url = `${alexPath}/mailFolders/inbox/messages/delta?$select=subject,isRead,receivedDateTime`;
    const headers = { ...IMMUTABLE, prefer: 'IdType="ImmutableId", odata.maxpagesize=5' };
    const first = await emu.graph(url, { headers });
    expect(first.headers.get('preference-applied')).toContain('odata.maxpagesize=5');
    const firstPage: Page = await json(first);
    expectSameShape(firstPage, fixture('messages-delta-page.json'));
    expect(firstPage.value).toHaveLength(5);

    const round1 = await deltaRound(url, headers);
    expect(round1.entries).toHaveLength(SEEDED.alex.inboxCount);
    expect(round1.pages).toBe(3);
    expect(Object.keys(round1.entries[0]!).sort()).toEqual(
      ['@odata.etag', '@odata.type', 'id', 'isRead', 'receivedDateTime', 'subject'].sort(),
    );

    // Nothing changed: an empty round.
    const quiet = await deltaRound(round1.deltaLink, headers);
    expect(quiet.entries).toEqual([]);

    // One update, one deletion, one move out, one new message.
    const updated = SEEDED.alex.inbox.elenaUnknown.id;
    expect(
      (
        await emu.graph(`${alexPath}/messages/${updated}`, {
          method: 'PATCH',
          body: JSON.stringify({ isRead: true }),
        })
      ).status,
    ).toBe(200);
    const alex = emu.store.mailbox(ALEX.email);
    emu.store.deleteItem(alex, emu.store.item(alex, SEEDED.alex.inbox.newsletter.id));
    expect(
      (await emu.graph(`${alexPath}/messages/${SEEDED.alex.inbox.johnDoe.id}`, { method: 'DELETE' })).status,
    ).toBe(204);
    const draft = await json<{ id: string }>(
      await emu.api(`/mailboxes/${SAM.email}/drafts`, { method: 'POST', body: '{}' }),
    );
    await emu.api(`/mailboxes/${SAM.email}/items/${draft.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ subject: 'Fresh news', toRecipients: [{ address: ALEX.email }] }),
    });
    expect((await emu.api(`/mailboxes/${SAM.email}/items/${draft.id}/send`, { method: 'POST' })).status).toBe(
      200,
    );

    const round2 = await deltaRound(round1.deltaLink, headers);
    const removed = round2.entries.filter((e) => '@removed' in e).map((e) => e.id);
    const changed = round2.entries.filter((e) => !('@removed' in e));
    expect(removed.sort()).toEqual([SEEDED.alex.inbox.newsletter.id, SEEDED.alex.inbox.johnDoe.id].sort());
    expectSameShape(
      round2.entries.find((e) => '@removed' in e),
      (fixture('messages-delta-last.json') as Page).value[0],
    );
    expect(changed.map((e) => e.subject).sort()).toEqual(
      ['Fresh news', SEEDED.alex.inbox.elenaUnknown.subject].sort(),
    );
    expect(changed.find((e) => e.id === updated)?.isRead).toBe(true);

    // The round after that is quiet again.
    expect((await deltaRound(round2.deltaLink, headers)).entries).toEqual([]);
  });

  it('answers 410 SyncStateNotFound for links issued before the tokens were expired', async () => {
    const round = await deltaRound(`${alexPath}/mailFolders/inbox/messages/delta`, {
      prefer: 'odata.maxpagesize=50',
    });
    const midRound = await json(
      await emu.graph(`${alexPath}/mailFolders/inbox/messages/delta`, {
        headers: { prefer: 'odata.maxpagesize=2' },
      }),
    );
    expect((await emu.api('/delta-tokens/expire', { method: 'POST' })).status).toBe(204);
    for (const link of [round.deltaLink, midRound['@odata.nextLink']!]) {
      const res = await emu.graph(link);
      expect(res.status).toBe(410);
      const body = await json<{ error: { code: string } }>(res);
      expectSameShape(body, fixture('error.json'));
      expect(body.error.code).toBe('SyncStateNotFound');
    }
    // A fresh round works again.
    expect((await deltaRound(`${alexPath}/mailFolders/inbox/messages/delta`)).entries).toHaveLength(
      SEEDED.alex.inboxCount,
    );
  });

  it('rejects a token for another folder and a garbage token', async () => {
    const round = await deltaRound(`${alexPath}/mailFolders/inbox/messages/delta`, {
      prefer: 'odata.maxpagesize=50',
    });
    const token = new URL(round.deltaLink).searchParams.get('$deltatoken');
    expect(
      (await emu.graph(`${alexPath}/mailFolders/sentitems/messages/delta?$deltatoken=${token}`)).status,
    ).toBe(400);
    expect((await emu.graph(`${alexPath}/mailFolders/inbox/messages/delta?$deltatoken=garbage`)).status).toBe(
      400,
    );
  });

  it('tracks calendarView changes within the window', async () => {
    const start = new Date(Date.now() - 86_400_000).toISOString();
    const end = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const url = `${alexPath}/calendarView/delta?startDateTime=${start}&endDateTime=${end}`;
    const round = await deltaRound(url, IMMUTABLE);
    expect(round.entries.map((e) => e.subject).sort()).toEqual(
      [SEEDED.alex.calendar.fabrikamReview.subject, SEEDED.alex.calendar.pipelineSync.subject].sort(),
    );
    const last = await json(await emu.graph(round.deltaLink));
    expectSameShape({ ...last, value: round.entries }, fixture('calendarview-delta-last.json'));

    const id = SEEDED.alex.calendar.fabrikamReview.id;
    expect(
      (
        await emu.graph(`${alexPath}/events/${id}`, {
          method: 'PATCH',
          body: JSON.stringify({ categories: ['Blue category'] }),
        })
      ).status,
    ).toBe(200);
    const next = await deltaRound(round.deltaLink, IMMUTABLE);
    expect(next.entries.map((e) => e.id)).toEqual([id]);
  });
});

describe('calendar', () => {
  it('answers events and calendarView with organizer, attendees and iCalUId', async () => {
    const events = await json(await emu.graph(`${alexPath}/events`, { headers: IMMUTABLE }));
    const review = events.value.find((e) => e.id === SEEDED.alex.calendar.fabrikamReview.id)!;
    expectSameShape(review, entity('event.json'));
    expect(review.isOrganizer).toBe(true);
    expect(review.iCalUId).toBe(SEEDED.alex.calendar.fabrikamReview.iCalUId);
    expect(
      (review.attendees as Array<{ type: string; emailAddress: { address: string } }>).map((a) => [
        a.emailAddress.address,
        a.type,
      ]),
    ).toEqual([
      ['nora.fischer@fabrikam.example', 'required'],
      ['priya@northwind.example', 'required'],
    ]);
    const sync = events.value.find((e) => e.id === SEEDED.alex.calendar.pipelineSync.id)!;
    expect(sync.isOrganizer).toBe(false);
    expect((sync.organizer as { emailAddress: { address: string } }).emailAddress.address).toBe(SAM.email);

    const empty = await json(
      await emu.graph(
        `${alexPath}/calendarView?startDateTime=2000-01-01T00:00:00Z&endDateTime=2000-01-02T00:00:00Z`,
      ),
    );
    expect(empty.value).toEqual([]);
    expect((await emu.graph(`${alexPath}/calendarView`)).status).toBe(400);
  });
});

describe('master categories', () => {
  it('lists and creates categories in the documented shape', async () => {
    const list = await json(await emu.graph(`${alexPath}/outlook/masterCategories`));
    expectSameShape(list, fixture('master-categories.json'));
    const created = await emu.graph(`${alexPath}/outlook/masterCategories`, {
      method: 'POST',
      body: JSON.stringify({ displayName: 'Tracked to Regarding', color: 'preset4' }),
    });
    expect(created.status).toBe(201);
    const again = await emu.graph(`${alexPath}/outlook/masterCategories`, {
      method: 'POST',
      body: JSON.stringify({ displayName: 'tracked to regarding', color: 'preset4' }),
    });
    expect(again.status).toBe(409);
    const after = await json(await emu.graph(`${alexPath}/outlook/masterCategories`));
    expect(after.value.map((c) => c.displayName)).toContain('Tracked to Regarding');
  });
});

describe('$batch', () => {
  it('answers each request individually with id, status, headers and body', async () => {
    const res = await emu.graph('/$batch', {
      method: 'POST',
      body: JSON.stringify({
        requests: [
          {
            id: '1',
            method: 'GET',
            url: `${alexPath}/messages/${SEEDED.alex.inbox.priya.id}?$select=subject`,
            headers: IMMUTABLE,
          },
          { id: '2', method: 'GET', url: `${alexPath}/messages/does-not-exist` },
          {
            id: '3',
            method: 'PATCH',
            url: `${alexPath}/messages/${SEEDED.alex.inbox.priya.id}`,
            headers: { 'Content-Type': 'application/json' },
            body: { isRead: true },
          },
          { id: '4', method: 'GET', url: `users/${SAM.email}/mailFolders/inbox/messages?$top=1` },
        ],
      }),
    });
    expect(res.status).toBe(200);
    const body = await json<{
      responses: Array<{
        id: string;
        status: number;
        headers: Record<string, string>;
        body: Record<string, unknown>;
      }>;
    }>(res);
    expectSameShape(body, fixture('batch-response.json'));
    const byId = new Map(body.responses.map((r) => [r.id, r]));
    expect(byId.get('1')?.status).toBe(200);
    expect(byId.get('1')?.body.subject).toBe(SEEDED.alex.inbox.priya.subject);
    expect(byId.get('2')?.status).toBe(404);
    expect((byId.get('2')?.body.error as { code: string }).code).toBe('ErrorItemNotFound');
    expect(byId.get('3')?.status).toBe(200);
    expect(byId.get('3')?.body.isRead).toBe(true);
    expect(byId.get('4')?.status).toBe(200);
  });

  it('fails requests whose dependency failed, and rejects a malformed batch', async () => {
    const res = await emu.graph('/$batch', {
      method: 'POST',
      body: JSON.stringify({
        requests: [
          { id: '1', method: 'GET', url: `${alexPath}/messages/missing` },
          { id: '2', method: 'GET', url: `${alexPath}/mailFolders`, dependsOn: ['1'] },
        ],
      }),
    });
    const { responses } = await json<{ responses: Array<{ id: string; status: number }> }>(res);
    expect(responses.map((r) => [r.id, r.status])).toEqual([
      ['1', 404],
      ['2', 424],
    ]);
    for (const body of [
      '{"requests": "nope"}',
      '{"requests": [{"id": "1", "method": "GET", "url": "/$batch"}]}',
    ]) {
      const bad = await emu.graph('/$batch', { method: 'POST', body });
      expect(bad.status).toBe(400);
    }
  });

  it('refuses more than 20 requests', async () => {
    const requests = Array.from({ length: 21 }, (_, i) => ({
      id: String(i + 1),
      method: 'GET',
      url: `${alexPath}/mailFolders`,
    }));
    const res = await emu.graph('/$batch', { method: 'POST', body: JSON.stringify({ requests }) });
    expect(res.status).toBe(400);
    expect((await json<{ error: { code: string } }>(res)).error.code).toBe('BadRequest');
  });
});

describe('faults', () => {
  it('throttles with 429 and Retry-After, for the next N requests only', async () => {
    await emu.api('/faults', {
      method: 'PUT',
      body: JSON.stringify({ graph: { mode: 'throttle', retryAfterSeconds: 7, remaining: 2 } }),
    });
    for (let i = 0; i < 2; i++) {
      const res = await emu.graph(`${alexPath}/mailFolders/inbox/messages`);
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
      const body = await json<{ error: { code: string } }>(res);
      expectSameShape(body, fixture('throttled.json'));
      expect(body.error.code).toBe('TooManyRequests');
    }
    expect((await emu.graph(`${alexPath}/mailFolders/inbox/messages`)).status).toBe(200);
    expect((await json<{ graph: { mode: string } }>(await emu.api('/faults'))).graph.mode).toBe('none');
  });

  it('limits faults to one mailbox and answers 503 for unavailable; batches carry inner 429s', async () => {
    await emu.api('/faults', {
      method: 'PUT',
      body: JSON.stringify({ graph: { mode: 'unavailable', retryAfterSeconds: 3, mailbox: SAM.email } }),
    });
    expect((await emu.graph(`${alexPath}/mailFolders`)).status).toBe(200);
    const sam = await emu.graph(`/users/${SAM.objectId}/mailFolders`);
    expect(sam.status).toBe(503);
    expect(sam.headers.get('retry-after')).toBe('3');

    await emu.api('/faults', {
      method: 'PUT',
      body: JSON.stringify({ graph: { mode: 'throttle', mailbox: ALEX.email, retryAfterSeconds: 2 } }),
    });
    const batch = await emu.graph('/$batch', {
      method: 'POST',
      body: JSON.stringify({
        requests: [
          { id: 'a', method: 'GET', url: `${alexPath}/mailFolders` },
          { id: 's', method: 'GET', url: `/users/${SAM.email}/mailFolders` },
        ],
      }),
    });
    expect(batch.status).toBe(200);
    const { responses } = await json<{
      responses: Array<{
        id: string;
        status: number;
        headers: Record<string, string>;
        body: { error?: { code: string } };
      }>;
    }>(batch);
    const alex = responses.find((r) => r.id === 'a')!;
    expect(alex.status).toBe(429);
    expect(alex.headers['Retry-After']).toBe('2');
    expect(alex.body.error?.code).toBe('ApplicationThrottled');
    expect(responses.find((r) => r.id === 's')?.status).toBe(200);
  });

  it('adds latency', async () => {
    await emu.api('/faults', { method: 'PUT', body: JSON.stringify({ graph: { latencyMs: 300 } }) });
    const started = Date.now();
    expect((await emu.graph(`${alexPath}/mailFolders`)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
});

describe('authentication and authorization', () => {
  it('requires a valid bearer token for Graph', async () => {
    const none = await fetch(`${emu.graphUrl}${alexPath}/messages`);
    expect(none.status).toBe(401);
    expect((await json<{ error: { code: string } }>(none)).error.code).toBe('InvalidAuthenticationToken');
    const wrongAudience = await emu.sign(
      { idtyp: 'app', roles: ['Mail.ReadWrite'] },
      { audience: 'api://regarding' },
    );
    expect((await emu.graph(`${alexPath}/messages`, { token: wrongAudience })).status).toBe(401);
    const wrongIssuer = await emu.sign(
      { idtyp: 'app', roles: ['Mail.ReadWrite'] },
      { issuer: 'https://evil.example' },
    );
    expect((await emu.graph(`${alexPath}/messages`, { token: wrongIssuer })).status).toBe(401);
    const expired = await emu.sign({ idtyp: 'app', roles: ['Mail.ReadWrite'] }, { expiresIn: '-1m' });
    expect((await emu.graph(`${alexPath}/messages`, { token: expired })).status).toBe(401);
  });

  it('lets app tokens with Mail.ReadWrite reach any mailbox, and not without the role', async () => {
    expect((await emu.graph(`/users/${SAM.email}/messages`)).status).toBe(200);
    const noRole = await emu.appToken([]);
    const res = await emu.graph(`/users/${SAM.email}/messages`, { token: noRole });
    expect(res.status).toBe(403);
    expect((await json<{ error: { code: string } }>(res)).error.code).toBe('ErrorAccessDenied');
    const readOnly = await emu.appToken(['Mail.Read']);
    expect((await emu.graph(`/users/${SAM.email}/messages`, { token: readOnly })).status).toBe(200);
    const patch = await emu.graph(`/users/${SAM.email}/messages/${SEEDED.sam.inbox.kim.id}`, {
      token: readOnly,
      method: 'PATCH',
      body: JSON.stringify({ isRead: true }),
    });
    expect(patch.status).toBe(403);
  });

  it('lets user tokens reach only their own mailbox (and /me)', async () => {
    const token = await emu.userToken(ALEX);
    expect((await emu.graph(`${alexPath}/mailFolders/inbox/messages`, { token })).status).toBe(200);
    const me = await emu.graph('/me/mailFolders/inbox/messages?$top=1', { token });
    expect(me.status).toBe(200);
    const other = await emu.graph(`/users/${SAM.email}/messages`, { token });
    expect(other.status).toBe(403);
    expect((await json<{ error: { code: string } }>(other)).error.code).toBe('ErrorAccessDenied');
    expect((await emu.graph('/users/nobody@contoso.example/messages')).status).toBe(404);
  });
});
