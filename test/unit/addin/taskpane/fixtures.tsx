import { configure, render } from '@testing-library/react';
import type { CompactCard, FullCard, ResolveResult } from '#contract';
import { ok } from '#browser/result';
import type { ItemContext } from '#addin/office/types';
import { App } from '#addin/taskpane/app/App.tsx';
import type { PaneServices } from '#addin/taskpane/app/services.tsx';
import { createMemoryOutbox } from '#addin/tracking/outbox';
import { createTrackingService } from '#addin/tracking/service';
import type { TrackingService } from '#addin/tracking/types';
import { FakeApi, trackingStatus, USER_EMAIL } from '#test/unit/browser/fakes';
import { FakeOffice, makeItem } from '#test/unit/addin/fakes';

// Fluent's first render in jsdom is slow on a shared machine; a user-visible wait is still bounded.
configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 20_000 });

/** Records of the demo organization as the API returns them. */
const id = (n: number) => `0e0e0000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export const FABRIKAM: CompactCard = card(1, 'account', 'Fabrikam', 'Manufacturing', null, null);
export const NORA = card(
  2,
  'contact',
  'Nora Fischer',
  'Head of Procurement',
  'nora.fischer@fabrikam.example',
  FABRIKAM,
);
export const FABRIKAM_DEAL = card(3, 'opportunity', 'Fabrikam 500 seats', 'Propose', null, FABRIKAM);
export const FABRIKAM_CASE = card(4, 'case', 'Login fails on tablets', 'Active', null, FABRIKAM);
export const ADATUM: CompactCard = card(5, 'account', 'Adatum', null, null, null);
export const JOHN_CONTACT = card(6, 'contact', 'John Doe', 'Buyer', 'j.doe@adatum.example', ADATUM);
export const JOHN_LEAD = card(7, 'lead', 'John Doe', 'Adatum', 'j.doe@adatum.example', null);
export const PRIYA = card(8, 'lead', 'Priya Raman', 'Northwind Traders', 'priya@northwind.example', null);
export const SAM = card(9, 'user', 'Sam Lee', 'Account Executive', 'sam.lee@contoso.example', null);

function card(
  n: number,
  type: CompactCard['type'],
  name: string,
  subtitle: string | null,
  email: string | null,
  account: CompactCard | null,
): CompactCard {
  return {
    type,
    id: id(n),
    name,
    subtitle,
    email,
    account: account ? { id: account.id, name: account.name } : null,
    ownerName: 'Alex Morgan',
    ownedByMe: true,
    open: true,
  };
}

export function fullCard(c: CompactCard, extra: Partial<FullCard> = {}): FullCard {
  return {
    ...c,
    fields: [],
    parentAccount: null,
    openOpportunities: [],
    openCases: [],
    recentActivities: [],
    webUrl: `https://crm.example/records/${c.type}/${c.id}`,
    ...extra,
  };
}

export const NORA_CARD = fullCard(NORA, {
  fields: [
    { key: 'job_title', label: 'Job title', value: 'Head of Procurement', secured: false },
    { key: 'phone', label: 'Phone', value: null, secured: true },
  ],
  openOpportunities: [FABRIKAM_DEAL],
  openCases: [FABRIKAM_CASE],
  recentActivities: [
    {
      id: id(50),
      kind: 'email',
      subject: 'Pricing for 500 seats',
      occurredAt: '2026-11-18T10:00:00.000Z',
      direction: 'incoming',
      regarding: null,
    },
  ],
});

/** What `resolve` answers per address: its matches and the remembered choice. */
export type Directory = Record<string, { matches: CompactCard[]; choice?: CompactCard }>;

export const DIRECTORY: Directory = {
  'nora.fischer@fabrikam.example': { matches: [NORA] },
  'j.doe@adatum.example': { matches: [JOHN_CONTACT, JOHN_LEAD] },
  'priya@northwind.example': { matches: [PRIYA] },
  'sam.lee@contoso.example': { matches: [SAM] },
};

export const CARDS: FullCard[] = [
  NORA_CARD,
  fullCard(JOHN_CONTACT),
  fullCard(JOHN_LEAD),
  fullCard(PRIYA),
  fullCard(FABRIKAM_DEAL),
  fullCard(FABRIKAM),
];

/** An API that knows the directory and cards above; search matches names by substring. */
export function makeApi(directory: Directory = DIRECTORY, cards: FullCard[] = CARDS): FakeApi {
  const api = new FakeApi();
  api.on('resolve', ({ body }) =>
    ok({
      results: body.addresses.map((address): ResolveResult => ({
        address,
        normalized: address.includes('@') ? address.toLowerCase() : null,
        matches: directory[address.toLowerCase()]?.matches ?? [],
        choice: directory[address.toLowerCase()]?.choice
          ? {
              type: directory[address.toLowerCase()]!.choice!.type,
              id: directory[address.toLowerCase()]!.choice!.id,
            }
          : null,
      })),
    }),
  );
  api.on('record', ({ params }) => {
    const found = cards.find((c) => c.type === params.type && c.id === params.id);
    return found
      ? ok({ record: found })
      : {
          ok: false,
          error: {
            kind: 'http',
            status: 404,
            code: 'not_found',
            message: 'nf',
            details: undefined,
            retryAfterSeconds: null,
          },
        };
  });
  api.on('search', ({ query }) =>
    ok({ results: cards.filter((c) => c.name.toLowerCase().includes(String(query.q).toLowerCase())) }),
  );
  api.on('pins', () => ok({ pins: [] }));
  api.on('recent', () => ok({ records: [] }));
  api.on('resolveChoice', ({ body }) => ok({ address: body.address, choice: body.record }));
  api.on('trackedStatus', ({ body }) => ok({ items: body.items.map((i) => trackingStatus(i.key, false)) }));
  return api;
}

const running: TrackingService[] = [];
afterEach(() => {
  for (const t of running.splice(0)) t.stop();
});

export type PaneOptions = {
  item?: ItemContext | null;
  api?: FakeApi;
  office?: FakeOffice;
};

/** Renders the whole pane over fake Office and API, with the real tracking workflow. */
export function renderPane(options: PaneOptions = {}) {
  const office = options.office ?? new FakeOffice(options.item === undefined ? makeItem() : options.item);
  const api = options.api ?? makeApi();
  const tracking = createTrackingService({ office, api, outbox: createMemoryOutbox() });
  // As the pane's entry does: the outbox retries while the pane is open.
  tracking.start();
  running.push(tracking);
  const services: PaneServices = { office, api, tracking };
  const view = render(<App services={services} />);
  return { ...view, office, api, tracking, services };
}

export { makeItem, USER_EMAIL };
