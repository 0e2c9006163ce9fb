import * as z from 'zod/mini';
import './zod-messages';
import { recordTypes, regardingTypes } from './record-types';

export const RecordType = z.enum(recordTypes);
export type RecordType = z.infer<typeof RecordType>;

/** The record types a sales rep may search for or set as regarding. */
export const RegardingType = z.enum(regardingTypes);
export type RegardingType = z.infer<typeof RegardingType>;

export const RecordId = z.uuid();

export const RecordRef = z.strictObject({ type: RecordType, id: RecordId });
export type RecordRef = z.infer<typeof RecordRef>;

export const RegardingRef = z.strictObject({ type: RegardingType, id: RecordId });
export type RegardingRef = z.infer<typeof RegardingRef>;

/**
 * A field value as the caller may see it. A secured field the caller has no field-security
 * profile for comes back as `{value: null, secured: true}`: hidden, not blank.
 */
export const FieldValue = z.object({
  key: z.string(),
  label: z.string(),
  value: z.nullable(z.string()),
  secured: z.boolean(),
});
export type FieldValue = z.infer<typeof FieldValue>;

export const AccountSummary = z.object({ id: RecordId, name: z.string() });

/** The compact card shown for each match, search result, pin or regarding target. */
export const CompactCard = z.object({
  type: RecordType,
  id: RecordId,
  name: z.string(),
  /** Job title for people, industry or city for accounts, stage for opportunities, etc. */
  subtitle: z.nullable(z.string()),
  email: z.nullable(z.string()),
  account: z.nullable(AccountSummary),
  ownerName: z.nullable(z.string()),
  ownedByMe: z.boolean(),
  /** Open records (opportunities, cases, leads not yet qualified) are `true`; closed ones `false`. */
  open: z.boolean(),
});
export type CompactCard = z.infer<typeof CompactCard>;

export const ActivitySummary = z.object({
  id: RecordId,
  kind: z.enum(['email', 'appointment']),
  subject: z.string(),
  occurredAt: z.iso.datetime({ offset: true }),
  direction: z.nullable(z.enum(['incoming', 'outgoing', 'internal'])),
  regarding: z.nullable(CompactCard),
});
export type ActivitySummary = z.infer<typeof ActivitySummary>;

export const FullCard = z.extend(CompactCard, {
  fields: z.array(FieldValue),
  parentAccount: z.nullable(CompactCard),
  openOpportunities: z.array(CompactCard),
  openCases: z.array(CompactCard),
  recentActivities: z.array(ActivitySummary),
  /** Deep link into the CRM web client. */
  webUrl: z.string(),
});
export type FullCard = z.infer<typeof FullCard>;
