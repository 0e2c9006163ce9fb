import type { FastifyReply, FastifyRequest } from 'fastify';

/** Request-level helpers shared by the Graph routes. */
export type Preferences = {
  immutableIds: boolean;
  maxPageSize: number | null;
  textBody: boolean;
  /** `outlook.timezone`: honoured only for UTC, the zone every stored event time is in. */
  utc: boolean;
};

/** Parses Graph's `Prefer` header(s): IdType, odata.maxpagesize, outlook.body-content-type. */
export function preferences(req: FastifyRequest): Preferences {
  const raw = req.headers.prefer;
  const parts = (Array.isArray(raw) ? raw : raw ? [raw] : [])
    .flatMap((h) => h.split(','))
    .map((p) => p.trim());
  let immutableIds = false;
  let maxPageSize: number | null = null;
  let textBody = false;
  let utc = false;
  for (const part of parts) {
    const [key, value = ''] = part.split('=').map((s) => s.trim());
    const v = value.replace(/^"|"$/g, '');
    if (key?.toLowerCase() === 'idtype' && v.toLowerCase() === 'immutableid') immutableIds = true;
    if (key?.toLowerCase() === 'odata.maxpagesize' && /^\d+$/.test(v)) maxPageSize = Math.max(1, Number(v));
    if (key?.toLowerCase() === 'outlook.body-content-type' && v.toLowerCase() === 'text') textBody = true;
    if (key?.toLowerCase() === 'outlook.timezone' && /^(utc|etc\/utc)$/i.test(v)) utc = true;
  }
  return { immutableIds, maxPageSize, textBody, utc };
}

export function applyPreferences(reply: FastifyReply, prefs: Preferences, maxPageSizeApplied = false): void {
  const applied: string[] = [];
  if (prefs.immutableIds) applied.push('IdType="ImmutableId"');
  if (maxPageSizeApplied && prefs.maxPageSize !== null)
    applied.push(`odata.maxpagesize=${prefs.maxPageSize}`);
  if (prefs.textBody) applied.push('outlook.body-content-type="text"');
  if (prefs.utc) applied.push('outlook.timezone="UTC"');
  if (applied.length) reply.header('Preference-Applied', applied.join(', '));
}

/** The absolute base of Graph on this emulator as the client addressed it (for nextLink/deltaLink). */
export function graphBase(req: FastifyRequest, https: boolean): string {
  const host = req.headers.host ?? 'localhost';
  return `${https ? 'https' : 'http'}://${host}/graph/v1.0`;
}

export type Query = Record<string, string | undefined>;

/** The query string with lower-cased keys (Graph treats option names case-insensitively). */
export function query(req: FastifyRequest): Query {
  const out: Query = {};
  for (const [k, v] of Object.entries((req.query ?? {}) as Record<string, unknown>)) {
    const value = Array.isArray(v) ? v[v.length - 1] : v;
    if (typeof value === 'string') out[k.toLowerCase()] = value;
  }
  return out;
}
