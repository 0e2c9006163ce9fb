import { createHash } from 'node:crypto';

/**
 * Deterministic Exchange-looking identifiers. Seeded items derive their ids from stable keys so
 * tests can name them; items created at run time derive theirs from a per-store counter.
 */
function digest(input: string, length: number): string {
  return createHash('sha256').update(input).digest('base64url').slice(0, length);
}

/** An immutable id (what Graph returns with `Prefer: IdType="ImmutableId"`). */
export function immutableItemId(mailbox: string, key: string): string {
  return `AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0A${digest(`item:${mailbox.toLowerCase()}:${key}`, 40)}AAA`;
}

export function folderIdFor(mailbox: string, key: string): string {
  return `AAMkAGI2THVSAAA${digest(`folder:${mailbox.toLowerCase()}:${key}`, 24)}AAA`;
}

const REST_PREFIX = 'AAMkAGI2TG93AAA';

/**
 * The default ("REST") id of an item: it encodes the folder, so it changes when the item moves,
 * exactly the behaviour immutable ids exist to avoid.
 */
export function restItemId(folderId: string, immutableId: string): string {
  return REST_PREFIX + Buffer.from(`${folderId}|${immutableId}`).toString('base64url');
}

/** The immutable id inside a REST id, or the input unchanged when it is not a REST id. */
export function toImmutableId(id: string): string {
  if (!id.startsWith(REST_PREFIX)) return id;
  const decoded = Buffer.from(id.slice(REST_PREFIX.length), 'base64url').toString('utf8');
  const bar = decoded.indexOf('|');
  return bar < 0 ? id : decoded.slice(bar + 1);
}

/** Changes with every write (the store's sequence is unique per write); cheap for bulk inserts. */
export function changeKeyFor(seq: number): string {
  return `CQAAABYAAAA${seq.toString(36).padStart(10, '0')}`;
}

export function conversationIdFor(mailbox: string, key: string): string {
  return `AAQkAGI2THVSAAQ${digest(`conv:${mailbox.toLowerCase()}:${key}`, 32)}=`;
}

/** Outlook's conversationIndex: a 22-byte header, plus 5 bytes per reply level. */
export function conversationIndexFor(threadKey: string, depth: number): string {
  const header = createHash('sha256').update(`ci:${threadKey}`).digest().subarray(0, 22);
  const replies = [];
  for (let i = 0; i < depth; i++)
    replies.push(createHash('sha256').update(`ci:${threadKey}:${i}`).digest().subarray(0, 5));
  return Buffer.concat([Buffer.from(header), ...replies.map((r) => Buffer.from(r))]).toString('base64');
}

export function internetMessageIdFor(domain: string, key: string): string {
  return `<${digest(`imid:${key}`, 16).toUpperCase().replace(/[-_]/g, 'X')}@${domain}>`;
}

export function iCalUIdFor(key: string): string {
  return `040000008200E00074C5B7101A82E008000000006${createHash('sha256').update(`ical:${key}`).digest('hex').slice(0, 48).toUpperCase()}`;
}

export function masterCategoryId(mailbox: string, displayName: string): string {
  const h = createHash('sha256')
    .update(`cat:${mailbox.toLowerCase()}:${displayName.toLowerCase()}`)
    .digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
