import * as z from 'zod/mini';
import './zod-messages';
import {
  ADDRESS_MAX_CHARS,
  APPOINTMENT_ITEM_ID_MAX_CHARS,
  BODY_MAX_CHARS,
  CONVERSATION_ID_MAX_CHARS,
  KEY_MAX_CHARS,
  LOCATION_MAX_CHARS,
  MAILBOX_ITEM_ID_MAX_CHARS,
  MESSAGE_ID_MAX_CHARS,
  PEOPLE_MAX,
  PERSON_NAME_MAX_CHARS,
  REFERENCES_MAX,
  STATUS_ITEMS_MAX,
  SUBJECT_MAX_CHARS,
} from './limits';
import { ActivitySummary, CompactCard, RecordId, RegardingRef } from './records';
import { TrackedKind } from './marker';

export const PartyRole = z.enum(['from', 'to', 'cc', 'bcc', 'organizer', 'required', 'optional']);
export type PartyRole = z.infer<typeof PartyRole>;

export const ItemPerson = z.strictObject({
  role: PartyRole,
  address: z.string().check(z.minLength(1), z.maxLength(ADDRESS_MAX_CHARS)),
  name: z.optional(z.string().check(z.maxLength(PERSON_NAME_MAX_CHARS))),
});
export type ItemPerson = z.infer<typeof ItemPerson>;

const isoDateTime = z.iso.datetime({ offset: true });
const messageId = z.string().check(z.maxLength(MESSAGE_ID_MAX_CHARS));

/** An email or appointment as the add-in (or sync) reads it from the mailbox. */
export const TrackItem = z.strictObject({
  subject: z.string().check(z.maxLength(SUBJECT_MAX_CHARS)),
  body: z.optional(
    z.strictObject({
      contentType: z.enum(['text', 'html']),
      content: z.string().check(z.maxLength(BODY_MAX_CHARS)),
    }),
  ),
  people: z.array(ItemPerson).check(z.maxLength(PEOPLE_MAX)),
  /** Sent time for email, creation time otherwise. */
  sentAt: z.optional(isoDateTime),
  start: z.optional(isoDateTime),
  end: z.optional(isoDateTime),
  location: z.optional(z.string().check(z.maxLength(LOCATION_MAX_CHARS))),
  conversationId: z.optional(z.string().check(z.maxLength(CONVERSATION_ID_MAX_CHARS))),
  inReplyTo: z.optional(messageId),
  references: z.optional(z.array(messageId).check(z.maxLength(REFERENCES_MAX))),
  /** The item id in the tracking user's mailbox (immutable id where available). */
  mailboxItemId: z.optional(z.string().check(z.maxLength(MAILBOX_ITEM_ID_MAX_CHARS))),
});
export type TrackItem = z.infer<typeof TrackItem>;

/** The key of a tracked item: the internet message id for email, the iCalUId for appointments. */
export const TrackedKey = z.string().check(z.minLength(1), z.maxLength(KEY_MAX_CHARS));

export const TrackRequest = z.strictObject({
  item: TrackItem,
  regarding: z.optional(z.nullable(RegardingRef)),
});
export type TrackRequest = z.infer<typeof TrackRequest>;

export const ChangeRegardingRequest = z.strictObject({ regarding: z.nullable(RegardingRef) });
export type ChangeRegardingRequest = z.infer<typeof ChangeRegardingRequest>;

/** How a tracking row came to be. */
export const TrackingSource = z.enum([
  'addin',
  'sync_marker',
  'category',
  'correlation',
  'auto_policy',
  'folder',
]);
export type TrackingSource = z.infer<typeof TrackingSource>;

export const TrackingStatus = z.object({
  kind: TrackedKind,
  key: z.string(),
  /** Tracked by the caller. */
  tracked: z.boolean(),
  /** An activity exists for the key (the caller can read it). */
  activityId: z.nullable(RecordId),
  regarding: z.nullable(CompactCard),
  trackedAt: z.nullable(isoDateTime),
  source: z.nullable(TrackingSource),
});
export type TrackingStatus = z.infer<typeof TrackingStatus>;

export const TrackResponse = z.object({
  activity: ActivitySummary,
  status: TrackingStatus,
  /** `true` when this call created the activity, `false` when it joined an existing one. */
  created: z.boolean(),
});
export type TrackResponse = z.infer<typeof TrackResponse>;

export const UntrackResponse = z.object({ status: TrackingStatus });
export type UntrackResponse = z.infer<typeof UntrackResponse>;

export const StatusRequest = z.strictObject({
  items: z
    .array(z.strictObject({ kind: TrackedKind, key: TrackedKey }))
    .check(z.minLength(1), z.maxLength(STATUS_ITEMS_MAX)),
});
export type StatusRequest = z.infer<typeof StatusRequest>;

export const StatusResponse = z.object({ items: z.array(TrackingStatus) });
export type StatusResponse = z.infer<typeof StatusResponse>;

/**
 * Office.js (Mailbox 1.x) exposes no iCalUId, only the item id in the user's mailbox. The server
 * reads the iCalUId through Graph for the caller's own mailbox, so the pane can key the meeting.
 */
export const AppointmentKeyRequest = z.strictObject({
  /** The REST (Graph) id of the appointment in the caller's mailbox. */
  itemId: z.string().check(z.minLength(1), z.maxLength(APPOINTMENT_ITEM_ID_MAX_CHARS)),
});
export type AppointmentKeyRequest = z.infer<typeof AppointmentKeyRequest>;

export const AppointmentKeyResponse = z.object({ key: z.string().check(z.minLength(1)) });
export type AppointmentKeyResponse = z.infer<typeof AppointmentKeyResponse>;
