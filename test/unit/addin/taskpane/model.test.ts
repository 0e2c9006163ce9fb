import { distinctPeople, matchPeople } from '#addin/taskpane/features/people/model/people';
import { prefill } from '#addin/taskpane/features/add-contact/model/prefill';
import { statusText } from '#addin/taskpane/features/status/model/statusText';
import { suggestionsFrom } from '#addin/taskpane/features/regarding/model/options';
import { cardRows } from '#addin/taskpane/features/preview/model/cardRows';
import { describeError } from '#addin/strings/errors';
import { format } from '#addin/strings/index';
import { httpError } from '../fakes';
import {
  FABRIKAM,
  FABRIKAM_DEAL,
  fullCard,
  JOHN_CONTACT,
  JOHN_LEAD,
  NORA,
  NORA_CARD,
  PRIYA,
  SAM,
} from './fixtures';

describe('people model', () => {
  it('leaves out the user in any spelling and merges one person listed twice', () => {
    const people = distinctPeople(
      [
        { role: 'from', address: 'Nora.Fischer@Fabrikam.example', name: 'Nora Fischer' },
        { role: 'to', address: '<ALEX.MORGAN@contoso.example>' },
        { role: 'cc', address: 'nora.fischer@fabrikam.example' },
        { role: 'cc', address: 'not an address' },
      ],
      'alex.morgan@contoso.example',
    );
    expect(people).toEqual([
      {
        address: 'Nora.Fischer@Fabrikam.example',
        normalized: 'nora.fischer@fabrikam.example',
        displayName: 'Nora Fischer',
        roles: ['from', 'cc'],
      },
      { address: 'not an address', normalized: null, displayName: null, roles: ['cc'] },
    ]);
  });

  it('reads one match as matched, several as ambiguous unless a choice is remembered, none as unknown', () => {
    const base = distinctPeople(
      [
        { role: 'from', address: 'a@x.example' },
        { role: 'to', address: 'b@x.example' },
        { role: 'to', address: 'c@x.example' },
        { role: 'to', address: 'd@x.example' },
      ],
      'me@x.example',
    );
    const r = (address: string, matches = [JOHN_CONTACT], choice: typeof JOHN_CONTACT | null = null) => ({
      address,
      normalized: address,
      matches,
      choice: choice && { type: choice.type, id: choice.id },
    });
    const people = matchPeople(base, [
      r('a@x.example', [SAM]),
      r('b@x.example', [JOHN_CONTACT, JOHN_LEAD]),
      r('c@x.example', [JOHN_CONTACT, JOHN_LEAD], JOHN_LEAD),
      r('d@x.example', []),
    ]);
    expect(people.map((p) => [p.state, p.record?.type ?? null])).toEqual([
      ['matched', 'user'],
      ['ambiguous', null],
      ['matched', 'lead'],
      ['unknown', null],
    ]);
  });
});

describe('prefill of a new contact', () => {
  it('splits the display name and takes the company from the domain', () => {
    expect(prefill('elena.vasquez@tailspin.example', 'Elena Vasquez')).toMatchObject({
      firstName: 'Elena',
      lastName: 'Vasquez',
      companyName: 'Tailspin',
      email: 'elena.vasquez@tailspin.example',
    });
  });
  it('turns "Last, First" around and falls back to the address', () => {
    expect(prefill('x@wingtip.example', 'Owusu, Marcus')).toMatchObject({
      firstName: 'Marcus',
      lastName: 'Owusu',
    });
    expect(prefill('marcus.owusu@wingtip.example', null)).toMatchObject({
      firstName: 'Marcus',
      lastName: 'Owusu',
      companyName: 'Wingtip',
    });
    expect(prefill('marcus@wingtip.example', 'marcus@wingtip.example')).toMatchObject({
      firstName: '',
      lastName: 'Marcus',
    });
  });
});

describe('status wording', () => {
  const snap = (state: Parameters<typeof statusText>[0]['state']) => ({
    slot: 's',
    state,
    operation: null,
    notice: null,
  });
  it('names the regarding record and the time of the next try', () => {
    expect(
      statusText(
        snap({
          status: 'tracked',
          regarding: { type: 'opportunity', id: FABRIKAM_DEAL.id, name: FABRIKAM_DEAL.name },
          activityId: 'x',
        }),
      ).headline,
    ).toBe('Tracked regarding Fabrikam 500 seats');
    const pending = statusText(
      snap({
        status: 'pending',
        regarding: null,
        nextAttemptAt: '2026-11-20T12:00:30.000Z',
        reason: 'crm_unreachable',
      }),
      'email',
      new Date('2026-11-20T12:00:00.000Z'),
    );
    expect(pending.headline).toBe('Pending — will sync');
    expect(pending.detail).toMatch(/^The CRM cannot be reached right now\. We will try again at .+\./);
    expect(
      statusText(snap({ status: 'pending', regarding: null, nextAttemptAt: null, reason: 'sync_only' }))
        .detail,
    ).toContain('The CRM server picks it up within a few minutes');
  });
  it('words failures from the catalogue by code', () => {
    const failed = statusText(
      snap({
        status: 'failed',
        regarding: null,
        code: 'not_found',
        reason: 'server words',
        retryable: false,
      }),
    );
    expect(failed.detail).toBe(
      'The record you chose no longer exists or you cannot see it. Choose another record and try again.',
    );
  });
});

describe('regarding suggestions', () => {
  it("offers the people's open opportunities and cases, then their accounts, then the people", () => {
    const people = [
      {
        address: NORA.email!,
        normalized: NORA.email,
        displayName: null,
        roles: ['from' as const],
        state: 'matched' as const,
        record: NORA,
        matches: [NORA],
      },
      {
        address: SAM.email!,
        normalized: SAM.email,
        displayName: null,
        roles: ['to' as const],
        state: 'matched' as const,
        record: SAM,
        matches: [SAM],
      },
    ];
    const names = suggestionsFrom(people, [NORA_CARD]).map((o) => `${o.type}:${o.name}`);
    expect(names).toEqual([
      'opportunity:Fabrikam 500 seats',
      'case:Login fails on tablets',
      `account:${FABRIKAM.name}`,
      'contact:Nora Fischer',
    ]);
  });
});

describe('error wording', () => {
  it('maps every kind of failure to words a sales rep understands', () => {
    expect(describeError({ kind: 'network', message: 'ECONNREFUSED' })).toBe(
      'We cannot reach the CRM right now. Check your connection; we will keep trying.',
    );
    expect(describeError(httpError(429, 'rate_limited', 5))).toBe(
      'The CRM is busy. We will try again shortly.',
    );
    expect(describeError(httpError(401, 'token_expired'))).toMatch(/sign-in has expired/);
    expect(describeError({ kind: 'auth', code: 'not_configured', message: 'x' })).toMatch(/not set up/);
    expect(describeError({ kind: 'office', code: 'unsupported', message: 'x' })).toMatch(
      /This version of Outlook/,
    );
    expect(describeError(httpError(500, 'internal'))).not.toMatch(/internal/);
  });
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('Tracked regarding {name}', { name: 'X' })).toBe('Tracked regarding X');
    expect(format('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
});

describe('preview rows', () => {
  it('does not repeat the name of the heading, and shows a lead without an account by its company', () => {
    const rows = cardRows(
      fullCard(PRIYA, {
        fields: [
          { key: 'firstName', label: 'First name', value: 'Priya', secured: false },
          { key: 'lastName', label: 'Last name', value: 'Raman', secured: false },
          { key: 'companyName', label: 'Company', value: 'Northwind Traders', secured: false },
          { key: 'status', label: 'Status', value: 'open', secured: false },
        ],
      }),
    );
    const labels = rows.map((r) => r.label);
    expect(labels).not.toContain('First name');
    expect(labels).not.toContain('Last name');
    expect(labels).not.toContain('Account');
    expect(rows.find((r) => r.label === 'Company')?.value).toBe('Northwind Traders');
    expect(rows.find((r) => r.label === 'Status')?.value).toBe('Open');
  });

  it('keeps a name field that is secured or says something the heading does not', () => {
    const rows = cardRows(
      fullCard(NORA, {
        fields: [
          { key: 'firstName', label: 'First name', value: null, secured: true },
          { key: 'lastName', label: 'Last name', value: 'Fischer-Maier', secured: false },
        ],
      }),
    );
    expect(rows.find((r) => r.label === 'First name')).toMatchObject({ secured: true });
    expect(rows.find((r) => r.label === 'Last name')?.value).toBe('Fischer-Maier');
    expect(rows.find((r) => r.label === 'Account')?.value).toBe(NORA.account?.name ?? null);
  });
});
