import * as z from 'zod/mini';
import './zod-messages';
import {
  FAILURE_CODE_MAX_CHARS,
  FAILURE_REASON_MAX_CHARS,
  MARKER_BY_MAX_CHARS,
  MARKER_MAX_CHARS,
  REGARDING_NAME_MAX_CHARS,
} from './limits';
import { RegardingRef } from './records';

/**
 * The tracking marker (docs/ARCHITECTURE.md, tracking protocol). The add-in writes it as the custom property
 * `MARKER_PROPERTY` through Office.js; Exchange stores all of an add-in's custom properties as
 * one JSON object in the MAPI named property `cecp-<add-in id>` (PS_PUBLIC_STRINGS), which is
 * where server-side sync reads it through Graph's singleValueExtendedProperties.
 */
export const ADDIN_ID = '5543ede2-4301-41c1-aa70-3fa96488d71e';
export const MARKER_PROPERTY = 'regarding';

export const TRACKED_CATEGORY = 'Tracked to Regarding';
export const UNDELIVERABLE_CATEGORY = 'Tracked to Regarding (Undeliverable)';

/** PS_PUBLIC_STRINGS, where Outlook keeps add-in custom properties. */
export const PS_PUBLIC_STRINGS = '{00020329-0000-0000-C000-000000000046}';

export function cecpPropertyName(addinId: string = ADDIN_ID): string {
  return `cecp-${addinId}`;
}

/** The Graph singleValueExtendedProperty id of the add-in's custom properties. */
export function cecpExtendedPropertyId(addinId: string = ADDIN_ID): string {
  return `String ${PS_PUBLIC_STRINGS} Name ${cecpPropertyName(addinId)}`;
}

export const TrackedKind = z.enum(['email', 'appointment']);
export type TrackedKind = z.infer<typeof TrackedKind>;

export const MarkerState = z.enum(['pending', 'tracked', 'failed']);
export type MarkerState = z.infer<typeof MarkerState>;

export const TrackingMarker = z.object({
  v: z.literal(1),
  state: MarkerState,
  kind: TrackedKind,
  regarding: z.optional(z.nullable(RegardingRef)),
  /** Regarding's display name, so a pane without network can still say "regarding X". */
  regardingName: z.optional(z.string().check(z.maxLength(REGARDING_NAME_MAX_CHARS))),
  /**
   * Who asked for tracking: the CRM user id, or the user's Office address until the CRM id is
   * known (the pending marker is written before any call to the CRM). Server-side sync reads
   * either, since it processes the mailbox of that user anyway.
   */
  by: z.string().check(z.maxLength(MARKER_BY_MAX_CHARS)),
  at: z.iso.datetime({ offset: true }),
  activityId: z.optional(z.uuid()),
  /** For `failed`: a stable code and a sentence a sales rep understands. */
  code: z.optional(z.string().check(z.maxLength(FAILURE_CODE_MAX_CHARS))),
  reason: z.optional(z.string().check(z.maxLength(FAILURE_REASON_MAX_CHARS))),
  /** Set in compose mode: track after sending. */
  compose: z.optional(z.boolean()),
});
export type TrackingMarker = z.infer<typeof TrackingMarker>;

export type MarkerFields = {
  state: MarkerState;
  kind: TrackedKind;
  /** See `TrackingMarker.by`; cut to its limit. */
  by: string;
  at: Date;
  /** The regarding record; its display name, when known, is kept cut to its limit. */
  regarding?: (RegardingRef & { name?: string | null | undefined }) | null | undefined;
  /** The CRM activity, once tracked. */
  activityId?: string | undefined;
  /** Why tracking failed for good (`failed`), each part cut to its limit. */
  failure?: { code: string; reason: string } | undefined;
  /** Written while composing: tracking completes after sending (or saving). */
  compose?: boolean | undefined;
};

/**
 * The one way to build a marker, for the add-in and server-side sync alike. Optional parts are
 * left out rather than written empty (no regarding: no `regarding` key), which keeps the marker
 * small under its limit.
 */
export function buildMarker(fields: MarkerFields): TrackingMarker {
  const marker: TrackingMarker = {
    v: 1,
    state: fields.state,
    kind: fields.kind,
    by: fields.by.slice(0, MARKER_BY_MAX_CHARS),
    at: fields.at.toISOString(),
  };
  const { regarding, failure } = fields;
  if (regarding) {
    marker.regarding = { type: regarding.type, id: regarding.id };
    if (regarding.name) marker.regardingName = regarding.name.slice(0, REGARDING_NAME_MAX_CHARS);
  }
  if (fields.activityId) marker.activityId = fields.activityId;
  if (failure) {
    marker.code = failure.code.slice(0, FAILURE_CODE_MAX_CHARS);
    marker.reason = failure.reason.slice(0, FAILURE_REASON_MAX_CHARS);
  }
  if (fields.compose) marker.compose = true;
  return marker;
}

export function serializeMarker(marker: TrackingMarker): string {
  const text = JSON.stringify(TrackingMarker.parse(marker));
  if (text.length > MARKER_MAX_CHARS) throw new Error(`marker exceeds ${MARKER_MAX_CHARS} characters`);
  return text;
}

/** Reads the marker from a custom property value (object or JSON string). Invalid reads as null. */
export function parseMarker(value: unknown): TrackingMarker | null {
  let v = value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return null;
    }
  }
  const parsed = TrackingMarker.safeParse(v);
  return parsed.success ? parsed.data : null;
}

/** Reads the marker out of the whole `cecp-` property value as Graph returns it (a JSON string). */
export function parseCecpValue(cecpJson: string | null | undefined): TrackingMarker | null {
  if (!cecpJson) return null;
  try {
    const all = JSON.parse(cecpJson) as Record<string, unknown>;
    return parseMarker(all?.[MARKER_PROPERTY]);
  } catch {
    return null;
  }
}

/** Writes the marker into a (possibly existing) `cecp-` JSON value, keeping other properties. */
export function writeCecpValue(existing: string | null | undefined, marker: TrackingMarker): string {
  let all: Record<string, unknown> = {};
  if (existing) {
    try {
      const parsed = JSON.parse(existing) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        all = parsed as Record<string, unknown>;
    } catch {
      all = {};
    }
  }
  all[MARKER_PROPERTY] = JSON.parse(serializeMarker(marker));
  return JSON.stringify(all);
}
