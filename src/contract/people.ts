import * as z from 'zod/mini';
import './zod-messages';
import {
  ADDRESS_MAX_CHARS,
  EMAIL_MIN_CHARS,
  NAME_MAX_CHARS,
  NEVER_LOG_ENTRY_MAX_CHARS,
  NEVER_LOG_MAX,
  PHONE_MAX_CHARS,
  RECORD_TEXT_MAX_CHARS,
  RESOLVE_ADDRESS_MAX_CHARS,
  RESOLVE_ADDRESSES_MAX,
  SEARCH_RESULTS_DEFAULT,
  SEARCH_RESULTS_MAX,
  SEARCH_TEXT_MAX_CHARS,
} from './limits';
import { isRegardingType, regardingTypes } from './record-types';
import { CompactCard, FullCard, RecordRef, RecordType, type RegardingType } from './records';

export const AutoTrackPolicy = z.enum(['replies', 'from_crm_records', 'all', 'none']);
export type AutoTrackPolicy = z.infer<typeof AutoTrackPolicy>;

export const UserSettings = z.object({
  autoTrack: AutoTrackPolicy,
  /** Addresses and domains (`@example.com` or `example.com`) never to log automatically. */
  neverLog: z
    .array(z.string().check(z.maxLength(NEVER_LOG_ENTRY_MAX_CHARS)))
    .check(z.maxLength(NEVER_LOG_MAX)),
});
export type UserSettings = z.infer<typeof UserSettings>;

export const UpdateSettingsRequest = z.strictObject({
  autoTrack: z.optional(AutoTrackPolicy),
  neverLog: z.optional(
    z
      .array(z.string().check(z.minLength(1), z.maxLength(NEVER_LOG_ENTRY_MAX_CHARS)))
      .check(z.maxLength(NEVER_LOG_MAX)),
  ),
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
  addresses: z
    .array(z.string().check(z.maxLength(RESOLVE_ADDRESS_MAX_CHARS)))
    .check(z.minLength(1), z.maxLength(RESOLVE_ADDRESSES_MAX)),
});
export type ResolveRequest = z.infer<typeof ResolveRequest>;

export const ResolveResult = z.object({
  /** As given in the request. */
  address: z.string(),
  /** `null` when the address is not a valid email address. */
  normalized: z.nullable(z.string()),
  /** Readable matches in priority order: user > contact > account > lead; the caller's own first. */
  matches: z.array(CompactCard),
  /** The caller's remembered choice among the matches, if any. */
  choice: z.nullable(RecordRef),
});
export type ResolveResult = z.infer<typeof ResolveResult>;

export const ResolveResponse = z.object({ results: z.array(ResolveResult) });
export type ResolveResponse = z.infer<typeof ResolveResponse>;

export const ResolveChoiceRequest = z.strictObject({
  address: z.string().check(z.minLength(1), z.maxLength(RESOLVE_ADDRESS_MAX_CHARS)),
  /** `null` forgets the choice. */
  record: z.nullable(RecordRef),
});
export type ResolveChoiceRequest = z.infer<typeof ResolveChoiceRequest>;

export const ResolveChoiceResponse = z.object({ address: z.string(), choice: z.nullable(RecordRef) });

/** `types` of a search: comma-separated record types; all five regarding types when absent. */
const searchTypes = z.pipe(
  z.optional(z.string()),
  z.transform((s: string | undefined, ctx): RegardingType[] => {
    if (!s) return [...regardingTypes];
    const parts = s
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    const bad = parts.filter((p) => !isRegardingType(p));
    if (bad.length) {
      ctx.issues.push({ code: 'custom', message: `unknown record type: ${bad.join(', ')}`, input: s });
      return z.NEVER;
    }
    return parts as RegardingType[];
  }),
);

export const SearchQuery = z.strictObject({
  q: z.string().check(z.trim(), z.minLength(1), z.maxLength(SEARCH_TEXT_MAX_CHARS)),
  types: searchTypes,
  limit: z._default(
    z.coerce.number().check(z.int(), z.minimum(1), z.maximum(SEARCH_RESULTS_MAX)),
    SEARCH_RESULTS_DEFAULT,
  ),
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

const trimmed = (max: number) => z.string().check(z.trim(), z.maxLength(max));
const lastName = z.string().check(z.trim(), z.minLength(1), z.maxLength(NAME_MAX_CHARS));
const email = z.string().check(z.minLength(EMAIL_MIN_CHARS), z.maxLength(ADDRESS_MAX_CHARS));

export const CreateContactRequest = z.strictObject({
  firstName: z.optional(trimmed(NAME_MAX_CHARS)),
  lastName,
  email,
  jobTitle: z.optional(trimmed(RECORD_TEXT_MAX_CHARS)),
  phone: z.optional(trimmed(PHONE_MAX_CHARS)),
  accountId: z.optional(z.uuid()),
  /** Used to find or suggest the account when no accountId is given. */
  companyName: z.optional(trimmed(RECORD_TEXT_MAX_CHARS)),
  force: z.optional(z.boolean()),
});
export type CreateContactRequest = z.infer<typeof CreateContactRequest>;

export const CreateLeadRequest = z.strictObject({
  firstName: z.optional(trimmed(NAME_MAX_CHARS)),
  lastName,
  email,
  companyName: z.optional(trimmed(RECORD_TEXT_MAX_CHARS)),
  jobTitle: z.optional(trimmed(RECORD_TEXT_MAX_CHARS)),
  phone: z.optional(trimmed(PHONE_MAX_CHARS)),
  force: z.optional(z.boolean()),
});
export type CreateLeadRequest = z.infer<typeof CreateLeadRequest>;

export const CreateRecordResponse = z.object({ record: FullCard });
export type CreateRecordResponse = z.infer<typeof CreateRecordResponse>;

/** `details` of a 409 `duplicate_candidates` error. */
export const DuplicateCandidatesDetails = z.object({ candidates: z.array(CompactCard) });
export type DuplicateCandidatesDetails = z.infer<typeof DuplicateCandidatesDetails>;

export { RecordType };
