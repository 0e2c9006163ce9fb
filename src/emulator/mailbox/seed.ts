import {
  DEMO_RECORDS,
  DEMO_USERS,
  NEWSLETTER_SENDER,
  UNKNOWN_SENDERS,
  type DemoUser,
} from '#contract/demo-org';
import {
  conversationIdFor,
  conversationIndexFor,
  iCalUIdFor,
  immutableItemId,
  internetMessageIdFor,
} from './ids';
import type { MailboxStore } from './store';
import type { Attendee, AttendeeType, InternetMessageHeader, Recipient } from './types';

/**
 * The seeded mailboxes of the demo organization, consistent with the CRM
 * seed (`demo-org.ts`). Content is table-driven: each message lands in its sender's Sent Items and
 * in every emulated recipient's Inbox, each meeting in the calendars of its emulated participants,
 * so internal mail and meetings look the same from both sides. Ids and subjects are deterministic;
 * dates are relative to the seed's `now` so that meetings are upcoming whenever the demo runs.
 */
type Person = { name: string; email: string };

const user = (email: string): Person => {
  const found = DEMO_USERS.find((u) => u.email === email);
  if (!found) throw new Error(`not a demo user: ${email}`);
  return { name: found.name, email: found.email };
};

const ALEX = user('alex.morgan@contoso.example');
const SAM = user('sam.lee@contoso.example');
const ADMIN = user('admin@contoso.example');
const TAYLOR = user('taylor.brooks@contoso.example');
const JORDAN = user('jordan.patel@contoso.example');
const CASEY = user('casey.nguyen@contoso.example');
const RILEY = user('riley.chen@contoso.example');
const MORGAN = user('morgan.diaz@contoso.example');
const NORA: Person = { name: 'Nora Fischer', email: DEMO_RECORDS.nora.email };
const PRIYA: Person = { name: 'Priya Raman', email: DEMO_RECORDS.priya.email };
const JOHN_DOE: Person = { name: 'John Doe', email: DEMO_RECORDS.johnDoeContact.email };
const KIM: Person = { name: 'Kim Chen', email: DEMO_RECORDS.kimChen.email };
const ELENA: Person = { name: UNKNOWN_SENDERS[0].name, email: UNKNOWN_SENDERS[0].email };
const MARCUS: Person = { name: UNKNOWN_SENDERS[1].name, email: UNKNOWN_SENDERS[1].email };
const NEWSLETTER: Person = { name: NEWSLETTER_SENDER.name, email: NEWSLETTER_SENDER.email };

type SeedMessage = {
  key: string;
  subject: string;
  from: Person;
  to: Person[];
  cc?: Person[];
  paragraphs: string[];
  hoursAgo: number;
  /** The key of the message this one replies to (sets In-Reply-To, References, conversation). */
  replyTo?: string;
  /** Joins a conversation without being a reply (auto-replies). */
  conversationOf?: string;
  headers?: InternetMessageHeader[];
  unread?: boolean;
};

type SeedEvent = {
  key: string;
  subject: string;
  organizer: Person;
  attendees: Array<[Person, AttendeeType]>;
  /** Days after the seed day, and UTC start hour / duration in minutes. */
  dayOffset: number;
  startHour: number;
  minutes: number;
  location: string;
  paragraphs: string[];
};

const MESSAGES: SeedMessage[] = [
  {
    key: 'nora-rollout-1',
    subject: 'Fabrikam rollout timeline',
    from: NORA,
    to: [ALEX],
    paragraphs: [
      'Hi Alex,',
      'Before we sign, our IT team needs a rollout plan for the 500 seats. Could you send a proposed timeline?',
      'Best regards, Nora',
    ],
    hoursAgo: 96,
  },
  {
    key: 'nora-rollout-2',
    subject: 'RE: Fabrikam rollout timeline',
    from: ALEX,
    to: [NORA],
    paragraphs: [
      'Hi Nora,',
      'Happy to. We suggest three waves: pilot with 50 seats in January, 200 in February, the rest in March.',
      'Alex',
    ],
    hoursAgo: 94,
    replyTo: 'nora-rollout-1',
  },
  {
    key: 'nora-rollout-3',
    subject: 'RE: Fabrikam rollout timeline',
    from: NORA,
    to: [ALEX],
    paragraphs: [
      'Thanks Alex, the three waves work for us. Let us confirm the pilot group next week.',
      'Nora',
    ],
    hoursAgo: 50,
    replyTo: 'nora-rollout-2',
  },
  {
    key: 'nora-fabrikam-pricing',
    subject: 'Fabrikam 500 seats: pricing proposal',
    from: NORA,
    to: [ALEX],
    paragraphs: [
      'Hello Alex,',
      'Procurement reviewed your offer for 500 seats. We would need a 12% volume discount to close this quarter.',
      'Kind regards, Nora Fischer, Head of Procurement, Fabrikam',
    ],
    hoursAgo: 26,
    unread: true,
  },
  {
    key: 'jdoe-adatum',
    subject: 'Adatum renewal question',
    from: JOHN_DOE,
    to: [ALEX],
    paragraphs: [
      'Hi Alex,',
      'Our renewal is due next month. Can we add two more licenses at the current price?',
      'John',
    ],
    hoursAgo: 30,
  },
  {
    key: 'newsletter-procurement',
    subject: 'Industry Weekly: five trends in procurement software',
    from: NEWSLETTER,
    to: [ALEX],
    paragraphs: ['This week: AI-assisted sourcing, supplier risk scores, and three more trends.'],
    hoursAgo: 40,
    headers: [
      {
        name: 'List-Unsubscribe',
        value: '<mailto:unsubscribe@industryweekly.example>, <https://industryweekly.example/unsubscribe>',
      },
      { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
      { name: 'List-Id', value: 'Industry Weekly <weekly.industryweekly.example>' },
      { name: 'Precedence', value: 'bulk' },
    ],
  },
  {
    key: 'elena-tailspin',
    subject: 'Partnership inquiry from Tailspin Toys',
    from: ELENA,
    to: [ALEX],
    paragraphs: [
      'Dear Alex,',
      'I lead partnerships at Tailspin Toys. Would you have time for a call about a reseller agreement?',
      'Elena Vasquez',
    ],
    hoursAgo: 20,
    unread: true,
  },
  {
    key: 'marcus-wingtip',
    subject: 'Wingtip Solutions: intro call next week?',
    from: MARCUS,
    to: [ALEX],
    paragraphs: [
      'Hi Alex, a colleague recommended you. Are you free for a 30 minute intro next Tuesday?',
      'Marcus',
    ],
    hoursAgo: 10,
    unread: true,
  },
  {
    key: 'sam-pipeline',
    subject: 'Q4 pipeline review',
    from: SAM,
    to: [ALEX],
    cc: [JORDAN],
    paragraphs: [
      'Alex, can you add your top five Q4 deals to the shared sheet before Thursday?',
      'Thanks, Sam',
    ],
    hoursAgo: 8,
  },
  {
    key: 'taylor-forecast',
    subject: 'Forecast for West region',
    from: TAYLOR,
    to: [ALEX, RILEY],
    paragraphs: [
      'Team, please update your forecast in the CRM by Friday noon. Fabrikam is our biggest deal.',
      'Taylor',
    ],
    hoursAgo: 6,
  },
  {
    key: 'alex-to-priya',
    subject: 'Northwind trial extension',
    from: ALEX,
    to: [PRIYA],
    paragraphs: [
      'Hi Priya,',
      'I extended your Northwind trial by 30 days. Let me know how the evaluation goes.',
      'Alex',
    ],
    hoursAgo: 5,
  },
  {
    key: 'priya-autoreply',
    subject: 'Automatic reply: Northwind trial extension',
    from: PRIYA,
    to: [ALEX],
    paragraphs: ['I am out of the office until Monday with limited access to email.'],
    hoursAgo: 4.98,
    conversationOf: 'alex-to-priya',
    headers: [
      { name: 'Auto-Submitted', value: 'auto-replied' },
      { name: 'X-Auto-Response-Suppress', value: 'All' },
    ],
  },
  {
    key: 'priya-onboarding',
    subject: 'Question about Northwind onboarding',
    from: PRIYA,
    to: [ALEX],
    paragraphs: ['Hi Alex,', 'Back early! Who would run the onboarding workshop for our team?', 'Priya'],
    hoursAgo: 3,
    unread: true,
  },
  // Mail of the other demo users.
  {
    key: 'kim-litware',
    subject: 'Litware expansion: next steps',
    from: KIM,
    to: [SAM],
    paragraphs: ['Hi Sam, we are ready to discuss the expansion to our Munich office.', 'Kim'],
    hoursAgo: 28,
  },
  {
    key: 'jordan-east-targets',
    subject: 'East region targets',
    from: JORDAN,
    to: [SAM, MORGAN],
    paragraphs: ['Hi both, the East region targets for next quarter are in the CRM dashboard.', 'Jordan'],
    hoursAgo: 22,
  },
  {
    key: 'nora-support',
    subject: 'Fabrikam support contract question',
    from: NORA,
    to: [CASEY],
    paragraphs: ['Hello, which support tier is included in our contract?', 'Nora Fischer'],
    hoursAgo: 18,
  },
  {
    key: 'taylor-licenses',
    subject: 'Licenses for new hires',
    from: TAYLOR,
    to: [ADMIN],
    paragraphs: ['Dana, two new reps start Monday. Could you create their CRM users?', 'Taylor'],
    hoursAgo: 12,
  },
  ...DEMO_USERS.filter((u) => u.email !== ADMIN.email).map((u): SeedMessage => ({
    key: `welcome-${u.email.split('@')[0]}`,
    subject: 'Welcome to Regarding',
    from: ADMIN,
    to: [{ name: u.name, email: u.email }],
    paragraphs: [
      `Hi ${u.name.split(' ')[0]},`,
      'Regarding is now available in Outlook. Open any email and choose Regarding to track it to the CRM.',
      'Dana',
    ],
    hoursAgo: 120,
  })),
];

const EVENTS: SeedEvent[] = [
  {
    key: 'fabrikam-contract-review',
    subject: 'Fabrikam contract review',
    organizer: ALEX,
    attendees: [
      [NORA, 'required'],
      [PRIYA, 'required'],
    ],
    dayOffset: 1,
    startHour: 15,
    minutes: 60,
    location: 'Microsoft Teams Meeting',
    paragraphs: ['Agenda: pricing, rollout waves, support tier.'],
  },
  {
    key: 'west-pipeline-sync',
    subject: 'West region pipeline sync',
    organizer: SAM,
    attendees: [
      [ALEX, 'required'],
      [TAYLOR, 'optional'],
    ],
    dayOffset: 2,
    startHour: 9,
    minutes: 30,
    location: 'Conference Room 4',
    paragraphs: ['Weekly pipeline sync.'],
  },
];

const bySubjectKey = new Map(MESSAGES.map((m) => [m.key, m]));

function domain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1);
}

function imidOf(key: string): string {
  const spec = bySubjectKey.get(key);
  if (!spec) throw new Error(`unknown seed message ${key}`);
  return internetMessageIdFor(domain(spec.from.email), key);
}

/** The root of a message's conversation and its depth in the thread. */
function threadOf(spec: SeedMessage): { root: string; depth: number; chain: string[] } {
  const chain: string[] = [];
  let current = spec;
  let parentKey = spec.replyTo ?? spec.conversationOf;
  while (parentKey) {
    chain.unshift(parentKey);
    const parent = bySubjectKey.get(parentKey);
    if (!parent) throw new Error(`unknown seed message ${parentKey}`);
    current = parent;
    parentKey = parent.replyTo ?? parent.conversationOf;
  }
  return { root: current.key, depth: chain.length, chain };
}

const recipient = (p: Person): Recipient => ({ emailAddress: { name: p.name, address: p.email } });

export function htmlBody(paragraphs: string[]): string {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>${paragraphs
    .map((p) => `<p>${escape(p)}</p>`)
    .join('')}</body></html>`;
}

const ids = (email: string, key: string) => immutableItemId(email, key);
const msgRef = (email: string, key: string) => {
  const spec = bySubjectKey.get(key);
  if (!spec) throw new Error(`unknown seed message ${key}`);
  return { id: ids(email, key), subject: spec.subject, internetMessageId: imidOf(key) };
};
const eventRef = (email: string, key: string) => {
  const spec = EVENTS.find((e) => e.key === key);
  if (!spec) throw new Error(`unknown seed event ${key}`);
  return { id: ids(email, key), subject: spec.subject, iCalUId: iCalUIdFor(key) };
};

/** Well-known seeded items, by mailbox, that tests and other parts can name. */
export const SEEDED = {
  alex: {
    email: ALEX.email,
    inbox: {
      noraRolloutFirst: msgRef(ALEX.email, 'nora-rollout-1'),
      noraRolloutReply: msgRef(ALEX.email, 'nora-rollout-3'),
      noraFabrikam: msgRef(ALEX.email, 'nora-fabrikam-pricing'),
      johnDoe: msgRef(ALEX.email, 'jdoe-adatum'),
      newsletter: msgRef(ALEX.email, 'newsletter-procurement'),
      elenaUnknown: msgRef(ALEX.email, 'elena-tailspin'),
      marcusUnknown: msgRef(ALEX.email, 'marcus-wingtip'),
      samInternal: msgRef(ALEX.email, 'sam-pipeline'),
      taylorInternal: msgRef(ALEX.email, 'taylor-forecast'),
      autoReply: msgRef(ALEX.email, 'priya-autoreply'),
      priya: msgRef(ALEX.email, 'priya-onboarding'),
      welcome: msgRef(ALEX.email, 'welcome-alex.morgan'),
    },
    sentItems: {
      noraRolloutReply: msgRef(ALEX.email, 'nora-rollout-2'),
      toPriya: msgRef(ALEX.email, 'alex-to-priya'),
    },
    calendar: {
      fabrikamReview: eventRef(ALEX.email, 'fabrikam-contract-review'),
      pipelineSync: eventRef(ALEX.email, 'west-pipeline-sync'),
    },
    /** The conversation of the Nora rollout thread (two inbox messages, one Sent Items reply). */
    rolloutConversationId: conversationIdFor('', 'nora-rollout-1'),
    inboxCount: 12,
    sentItemsCount: 2,
  },
  sam: {
    email: SAM.email,
    inbox: { kim: msgRef(SAM.email, 'kim-litware'), jordan: msgRef(SAM.email, 'jordan-east-targets') },
    sentItems: { toAlex: msgRef(SAM.email, 'sam-pipeline') },
    calendar: { pipelineSync: eventRef(SAM.email, 'west-pipeline-sync') },
  },
  taylor: {
    email: TAYLOR.email,
    sentItems: { forecast: msgRef(TAYLOR.email, 'taylor-forecast') },
    calendar: { pipelineSync: eventRef(TAYLOR.email, 'west-pipeline-sync') },
  },
} as const;

export type SeedOptions = {
  /** The moment the seed treats as "now" (default: the current minute). */
  now?: Date;
  /** Only these demo users get mailboxes (default: all of DEMO_USERS). */
  users?: readonly DemoUser[];
};

/** Creates and fills a mailbox for every demo user. */
export function seedDemoMailboxes(store: MailboxStore, options: SeedOptions = {}): void {
  const now = new Date(Math.floor((options.now ?? new Date()).getTime() / 60_000) * 60_000);
  const users = options.users ?? DEMO_USERS;
  for (const u of users) store.addMailbox({ email: u.email, name: u.name, objectId: u.objectId });

  const sorted = [...MESSAGES].sort((a, b) => b.hoursAgo - a.hoursAgo);
  for (const spec of sorted) {
    const sent = new Date(now.getTime() - spec.hoursAgo * 3_600_000);
    const received = new Date(sent.getTime() + 2_000);
    const thread = threadOf(spec);
    const headers: InternetMessageHeader[] = [
      { name: 'Message-ID', value: imidOf(spec.key) },
      { name: 'Subject', value: spec.subject },
      { name: 'From', value: `${spec.from.name} <${spec.from.email}>` },
      { name: 'To', value: spec.to.map((p) => `${p.name} <${p.email}>`).join(', ') },
      ...(spec.cc?.length
        ? [{ name: 'Cc', value: spec.cc.map((p) => `${p.name} <${p.email}>`).join(', ') }]
        : []),
      { name: 'Date', value: sent.toUTCString().replace('GMT', '+0000') },
      { name: 'MIME-Version', value: '1.0' },
      { name: 'Content-Type', value: 'text/html; charset="utf-8"' },
      ...(spec.replyTo
        ? [
            { name: 'In-Reply-To', value: imidOf(spec.replyTo) },
            { name: 'References', value: thread.chain.map(imidOf).join(' ') },
          ]
        : []),
      ...(spec.headers ?? []),
    ];
    const base = {
      key: spec.key,
      subject: spec.subject,
      body: { contentType: 'html' as const, content: htmlBody(spec.paragraphs) },
      categories: [],
      singleValueExtendedProperties: [],
      internetMessageId: imidOf(spec.key),
      conversationId: conversationIdFor('', thread.root),
      conversationIndex: conversationIndexFor(thread.root, thread.depth),
      from: recipient(spec.from),
      sender: recipient(spec.from),
      toRecipients: spec.to.map(recipient),
      ccRecipients: (spec.cc ?? []).map(recipient),
      bccRecipients: [],
      replyTo: [],
      sentDateTime: sent.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      isDraft: false,
      importance: 'normal' as const,
      internetMessageHeaders: headers,
    };
    const senderBox = store.findMailbox(spec.from.email);
    if (senderBox)
      store.insertMessage(senderBox, 'sentitems', {
        ...base,
        categories: [],
        createdDateTime: base.sentDateTime,
        receivedDateTime: base.sentDateTime,
        isRead: true,
      });
    for (const p of [...spec.to, ...(spec.cc ?? [])]) {
      const box = store.findMailbox(p.email);
      if (!box) continue;
      store.insertMessage(box, 'inbox', {
        ...base,
        categories: [],
        createdDateTime: received.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        receivedDateTime: received.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        isRead: !spec.unread,
      });
    }
  }

  const day = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  for (const spec of EVENTS) {
    const start = new Date(day + spec.dayOffset * 86_400_000 + spec.startHour * 3_600_000);
    const end = new Date(start.getTime() + spec.minutes * 60_000);
    const created = new Date(now.getTime() - 48 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const local = (d: Date) => ({ dateTime: d.toISOString().replace('Z', '0000'), timeZone: 'UTC' });
    const attendees: Attendee[] = spec.attendees.map(([p, type]) => ({
      type,
      status: { response: 'none', time: '0001-01-01T00:00:00Z' },
      emailAddress: { name: p.name, address: p.email },
    }));
    const participants = [spec.organizer, ...spec.attendees.map(([p]) => p)];
    for (const p of participants) {
      const box = store.findMailbox(p.email);
      if (!box) continue;
      store.insertEvent(box, {
        key: spec.key,
        subject: spec.subject,
        body: { contentType: 'html', content: htmlBody(spec.paragraphs) },
        categories: [],
        singleValueExtendedProperties: [],
        createdDateTime: created,
        iCalUId: iCalUIdFor(spec.key),
        start: local(start),
        end: local(end),
        location: { displayName: spec.location },
        organizer: recipient(spec.organizer),
        attendees: attendees.map((a) => ({
          ...a,
          status: { ...a.status },
          emailAddress: { ...a.emailAddress },
        })),
        isOrganizer: p.email === spec.organizer.email,
        isAllDay: false,
        showAs: 'busy',
      });
    }
  }
}
