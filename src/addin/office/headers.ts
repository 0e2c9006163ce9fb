import { MESSAGE_ID_MAX_CHARS, REFERENCES_MAX } from '#contract/limits';

/** The threading headers of a message, from `getAllInternetHeadersAsync`'s raw header block. */
export function parseInternetHeaders(raw: string): { inReplyTo?: string; references: string[] } {
  // Unfold continuation lines (RFC 5322 2.2.3) before splitting into fields.
  const unfolded = raw.replace(/\r?\n[ \t]+/g, ' ');
  let inReplyTo: string | undefined;
  let references: string[] = [];
  for (const line of unfolded.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'in-reply-to' && inReplyTo === undefined)
      inReplyTo = messageIds(value)[0] ?? (value || undefined);
    else if (name === 'references' && references.length === 0) references = messageIds(value);
  }
  const result: { inReplyTo?: string; references: string[] } = {
    references: references.slice(-REFERENCES_MAX),
  };
  if (inReplyTo) result.inReplyTo = inReplyTo.slice(0, MESSAGE_ID_MAX_CHARS);
  return result;
}

function messageIds(value: string): string[] {
  return (value.match(/<[^<>\s]+>/g) ?? []).map((id) => id.slice(0, MESSAGE_ID_MAX_CHARS));
}
