import { z } from 'zod';
import { RegardingRef } from './records';

/**
 * The tracking marker (docs/ARCHITECTURE.md, tracking protocol). The add-in writes it as the custom property
 * `MARKER_PROPERTY` through Office.js; Exchange stores all of an add-in's custom properties as
 * one JSON object in the MAPI named property `cecp-<add-in id>` (PS_PUBLIC_STRINGS), which is
 * where server-side sync reads it through Graph's singleValueExtendedProperties.
 */
export const ADDIN_ID = '5543ede2-4301-41c1-aa70-3fa96488d71e';
export const MARKER_PROPERTY = 'regarding';
export const MARKER_MAX_CHARS = 2500;

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
  regarding: RegardingRef.nullable().optional(),
  /** Regarding's display name, so a pane without network can still say "regarding X". */
  regardingName: z.string().max(200).optional(),
  /** The CRM user id of who asked for tracking. */
  by: z.string().max(100),
  at: z.iso.datetime({ offset: true }),
  activityId: z.uuid().optional(),
  /** For `failed`: a stable code and a sentence a sales rep understands. */
  code: z.string().max(60).optional(),
  reason: z.string().max(500).optional(),
  /** Set in compose mode: track after sending. */
  compose: z.boolean().optional(),
});
export type TrackingMarker = z.infer<typeof TrackingMarker>;

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
