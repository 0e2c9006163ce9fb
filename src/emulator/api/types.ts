import { z } from 'zod';
import { normalizeAddress } from '#contract/address';
import type { TrackingMarker } from '#contract/marker';
import { CATEGORY_COLOR } from '../mailbox/types';

/**
 * The bodies and answers of the emulator's internal API (`/emulator/api`), declared once: the
 * routes (`routes.ts`) validate with these schemas and answer these types, and the host page's
 * client (`host/page/api.ts`) imports the same types. People are Office-like flat
 * `{name, address}`; times are ISO 8601 UTC.
 */
export type { MasterCategory } from '../mailbox/types';
export type { FaultsInput, FaultsSnapshot } from '../faults/faults';

export type Person = { name: string; address: string };

/** `GET /users`: the seeded mailboxes (not generated ones). */
export type MailboxUserSummary = { email: string; name: string };

/** `GET /mailboxes/:user/folders`: Inbox, Sent Items, Drafts and Calendar, in that order. */
export type FolderSummary = {
  id: string;
  name: string;
  wellKnownName: string;
  unread: number;
  total: number;
};

/** `GET /mailboxes/:user/folders/:folder/items`, newest first (events by start). */
export type ItemSummary = {
  id: string;
  kind: 'message' | 'event';
  subject: string;
  from: Person | null;
  /** An event's is its creation time. */
  receivedAt: string;
  /** Events only. */
  start?: string;
  end?: string;
  categories: string[];
  /** Events are always read. */
  isRead: boolean;
  /** The add-in's tracking marker in the item's custom properties, if any. */
  marker: TrackingMarker | null;
};

export type Attendee = Person & { type: 'required' | 'optional' };

/** One item in full: `GET /mailboxes/:user/items/:id`, and the answer of every write to one. */
export type FullItem = {
  id: string;
  kind: 'message' | 'event';
  /** Its folder's well-known name (`inbox`, `sentitems`, `drafts`, `deleteditems`, `calendar`). */
  folder: string;
  subject: string;
  body: { contentType: 'text' | 'html'; content: string };
  /** A message's sender, an event's organizer. */
  from: Person | null;
  /** An event's required attendees. */
  toRecipients: Person[];
  /** An event's optional attendees. */
  ccRecipients: Person[];
  internetMessageId: string | null;
  conversationId: string | null;
  internetMessageHeaders: Array<{ name: string; value: string }>;
  receivedAt: string;
  sentAt: string | null;
  createdAt: string;
  lastModifiedAt: string;
  categories: string[];
  isRead: boolean;
  isDraft: boolean;
  /** The add-in's custom properties (Office.js `CustomProperties`) as JSON, or null. */
  customProperties: string | null;
  /** Events only. */
  iCalUId?: string;
  start?: string;
  end?: string;
  location?: string;
  organizer?: Person;
  attendees?: Attendee[];
  isOrganizer?: boolean;
};

const PersonInput = z.object({
  name: z.string().max(256).optional(),
  address: z.string().refine((a) => normalizeAddress(a) !== null, 'is not a valid email address'),
});

/** `PATCH /mailboxes/:user/items/:id`. Subject, body and recipients change on drafts only. */
export const ItemPatch = z
  .object({
    categories: z.array(z.string().trim().min(1).max(255)).max(100).optional(),
    /** JSON of an object; null removes the custom properties. */
    customProperties: z
      .string()
      .max(32_000)
      .refine(isJsonObject, 'must be a JSON object serialized as a string')
      .nullable()
      .optional(),
    /** Messages only. */
    isRead: z.boolean().optional(),
    subject: z.string().max(255).optional(),
    body: z.object({ contentType: z.enum(['text', 'html']), content: z.string().max(1_000_000) }).optional(),
    toRecipients: z.array(PersonInput).max(500).optional(),
    ccRecipients: z.array(PersonInput).max(500).optional(),
  })
  .strict();
export type ItemPatch = z.input<typeof ItemPatch>;

/** `POST /mailboxes/:user/drafts`: a new message, or a reply to `replyToId`. */
export const DraftInput = z.object({ replyToId: z.string().min(1).optional() }).strict();
export type DraftInput = z.input<typeof DraftInput>;

/** `POST /mailboxes/:user/inbox`: mail from outside arriving, in a thread with `inReplyToId`. */
export const IncomingMessageInput = z
  .object({
    from: PersonInput,
    subject: z.string().max(255),
    html: z.string().max(1_000_000).optional(),
    cc: z.array(PersonInput).max(100).optional(),
    inReplyToId: z.string().min(1).optional(),
    headers: z
      .array(z.object({ name: z.string().regex(/^[A-Za-z0-9-]{1,76}$/), value: z.string().max(2000) }))
      .max(50)
      .optional(),
  })
  .strict();
export type IncomingMessageInput = z.input<typeof IncomingMessageInput>;

/** `POST /mailboxes/:user/master-categories`; the color defaults to `none`. */
export const MasterCategoryInput = z
  .object({
    displayName: z.string().trim().min(1).max(255),
    color: z.string().regex(CATEGORY_COLOR, 'must be none or preset0..preset24').optional(),
  })
  .strict();
export type MasterCategoryInput = z.input<typeof MasterCategoryInput>;

function isJsonObject(text: string): boolean {
  try {
    const value = JSON.parse(text) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  } catch {
    return false;
  }
}
