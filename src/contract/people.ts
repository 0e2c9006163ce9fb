import { z } from 'zod';
import { CompactCard, FullCard, RecordRef, RecordType, RegardingType } from './records';

export const AutoTrackPolicy = z.enum(['replies', 'from_crm_records', 'all', 'none']);
export type AutoTrackPolicy = z.infer<typeof AutoTrackPolicy>;

export const UserSettings = z.object({
  autoTrack: AutoTrackPolicy,
  /** Addresses and domains (`@example.com` or `example.com`) never to log automatically. */
  neverLog: z.array(z.string().max(320)).max(500),
});
export type UserSettings = z.infer<typeof UserSettings>;

export const UpdateSettingsRequest = z.strictObject({
  autoTrack: AutoTrackPolicy.optional(),
  neverLog: z.array(z.string().min(1).max(320)).max(500).optional(),
});
export type UpdateSettingsRequest = z.infer<typeof UpdateSettingsRequest>;

export const Action = z.enum(['read', 'create', 'write', 'append', 'append_to', 'delete']);
export type Action = z.infer<typeof Action>;

export const MeResponse = z.object({
  user: z.object({
    id: z.uuid(),
    name: z.string(),
    email: z.string(),
    businessUnit: z.string(),
    isAdmin: z.boolean(),
  }),
  settings: UserSettings,
  /** For each record type, whether the caller holds the privilege at any depth. */
  can: z.record(z.string(), z.record(Action, z.boolean())),
  crmWebUrl: z.string(),
});
export type MeResponse = z.infer<typeof MeResponse>;

export const ResolveRequest = z.strictObject({
  addresses: z.array(z.string().max(400)).min(1).max(100),
});
export type ResolveRequest = z.infer<typeof ResolveRequest>;

export const ResolveResult = z.object({
  /** As given in the request. */
  address: z.string(),
  /** `null` when the address is not a valid email address. */
  normalized: z.string().nullable(),
  /** Readable matches in priority order: user > contact > account > lead; the caller's own first. */
  matches: z.array(CompactCard),
  /** The caller's remembered choice among the matches, if any. */
  choice: RecordRef.nullable(),
});
export type ResolveResult = z.infer<typeof ResolveResult>;

export const ResolveResponse = z.object({ results: z.array(ResolveResult) });
export type ResolveResponse = z.infer<typeof ResolveResponse>;

export const ResolveChoiceRequest = z.strictObject({
  address: z.string().min(1).max(400),
  /** `null` forgets the choice. */
  record: RecordRef.nullable(),
});
export type ResolveChoiceRequest = z.infer<typeof ResolveChoiceRequest>;

export const ResolveChoiceResponse = z.object({ address: z.string(), choice: RecordRef.nullable() });

export const SearchQuery = z.strictObject({
  q: z.string().trim().min(1).max(200),
  /** Comma-separated record types; default: all five regarding types. */
  types: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (!s) return [...RegardingType.options];
      const parts = s
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean);
      const bad = parts.filter((p) => !RegardingType.safeParse(p).success);
      if (bad.length) {
        ctx.addIssue({ code: 'custom', message: `unknown record type: ${bad.join(', ')}` });
        return z.NEVER;
      }
      return parts as RegardingType[];
    }),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

export const SearchResponse = z.object({ results: z.array(CompactCard) });
export type SearchResponse = z.infer<typeof SearchResponse>;

export const RecordParams = z.strictObject({ type: RecordType, id: z.uuid() });

export const RecordResponse = z.object({ record: FullCard });
export type RecordResponse = z.infer<typeof RecordResponse>;

export const PinsResponse = z.object({ pins: z.array(CompactCard) });
export type PinsResponse = z.infer<typeof PinsResponse>;

export const RecentResponse = z.object({ records: z.array(CompactCard) });
export type RecentResponse = z.infer<typeof RecentResponse>;

const name = z.string().trim().min(1).max(100);
const optionalText = z.string().trim().max(200).optional();

export const CreateContactRequest = z.strictObject({
  firstName: z.string().trim().max(100).optional(),
  lastName: name,
  email: z.string().min(3).max(320),
  jobTitle: optionalText,
  phone: z.string().trim().max(50).optional(),
  accountId: z.uuid().optional(),
  /** Used to find or suggest the account when no accountId is given. */
  companyName: optionalText,
  force: z.boolean().optional(),
});
export type CreateContactRequest = z.infer<typeof CreateContactRequest>;

export const CreateLeadRequest = z.strictObject({
  firstName: z.string().trim().max(100).optional(),
  lastName: name,
  email: z.string().min(3).max(320),
  companyName: optionalText,
  jobTitle: optionalText,
  phone: z.string().trim().max(50).optional(),
  force: z.boolean().optional(),
});
export type CreateLeadRequest = z.infer<typeof CreateLeadRequest>;

export const CreateRecordResponse = z.object({ record: FullCard });
export type CreateRecordResponse = z.infer<typeof CreateRecordResponse>;

/** `details` of a 409 `duplicate_candidates` error. */
export const DuplicateCandidatesDetails = z.object({ candidates: z.array(CompactCard) });
export type DuplicateCandidatesDetails = z.infer<typeof DuplicateCandidatesDetails>;

export { RecordType };
