import { z } from 'zod';
import { ActivitySummary, CompactCard, RecordId, RegardingRef } from './records';
import { TrackedKind } from './marker';

export const PartyRole = z.enum(['from', 'to', 'cc', 'bcc', 'organizer', 'required', 'optional']);
export type PartyRole = z.infer<typeof PartyRole>;

export const ItemPerson = z.strictObject({
  role: PartyRole,
  address: z.string().min(1).max(320),
  name: z.string().max(300).optional(),
});
export type ItemPerson = z.infer<typeof ItemPerson>;

/** An email or appointment as the add-in (or sync) reads it from the mailbox. */
export const TrackItem = z.strictObject({
  subject: z.string().max(2000),
  body: z
    .strictObject({
      contentType: z.enum(['text', 'html']),
      content: z.string().max(600_000),
    })
    .optional(),
  people: z.array(ItemPerson).max(500),
  /** Sent time for email, creation time otherwise. */
  sentAt: z.iso.datetime({ offset: true }).optional(),
  start: z.iso.datetime({ offset: true }).optional(),
  end: z.iso.datetime({ offset: true }).optional(),
  location: z.string().max(500).optional(),
  conversationId: z.string().max(500).optional(),
  inReplyTo: z.string().max(1000).optional(),
  references: z.array(z.string().max(1000)).max(100).optional(),
  /** The item id in the tracking user's mailbox (immutable id where available). */
  mailboxItemId: z.string().max(500).optional(),
});
export type TrackItem = z.infer<typeof TrackItem>;

/** The key of a tracked item: the internet message id for email, the iCalUId for appointments. */
export const TrackedKey = z.string().min(1).max(1000);

export const TrackRequest = z.strictObject({
  item: TrackItem,
  regarding: RegardingRef.nullable().optional(),
});
export type TrackRequest = z.infer<typeof TrackRequest>;

export const ChangeRegardingRequest = z.strictObject({ regarding: RegardingRef.nullable() });
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
  activityId: RecordId.nullable(),
  regarding: CompactCard.nullable(),
  trackedAt: z.iso.datetime({ offset: true }).nullable(),
  source: TrackingSource.nullable(),
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
    .min(1)
    .max(100),
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
  itemId: z.string().min(1).max(1000),
});
export type AppointmentKeyRequest = z.infer<typeof AppointmentKeyRequest>;

export const AppointmentKeyResponse = z.object({ key: z.string().min(1) });
export type AppointmentKeyResponse = z.infer<typeof AppointmentKeyResponse>;
