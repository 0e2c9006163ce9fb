import { normalizeAddress } from '#contract/address';
import { GraphError } from '../errors';
import { conversationIdFor, conversationIndexFor, internetMessageIdFor } from './ids';
import type { MailboxStore } from './store';
import type { InternetMessageHeader, Mailbox, MessageItem, Recipient } from './types';

/**
 * Compose and send, the way Exchange does it: a draft lives in Drafts; sending moves that same
 * item (custom properties included) to Sent Items, stamps the Internet headers, and delivers a
 * fresh copy to each emulated recipient's Inbox. Delivered copies carry no custom properties or
 * categories of the sender: those never leave the sender's mailbox.
 */
export function createDraft(
  store: MailboxStore,
  mailbox: Mailbox,
  options: { replyToId?: string | undefined } = {},
): MessageItem {
  const now = new Date().toISOString();
  const key = store.newRuntimeKey('draft');
  const me: Recipient = { emailAddress: { name: mailbox.user.name, address: mailbox.user.email } };
  let subject = '';
  let toRecipients: Recipient[] = [];
  let conversationId = conversationIdFor(mailbox.user.email, key);
  let conversationIndex = conversationIndexFor(`${mailbox.user.email}:${key}`, 0);
  let body = '<html><body><p></p></body></html>';
  let replyToItemId: string | undefined;
  if (options.replyToId !== undefined) {
    const original = store.item(mailbox, options.replyToId);
    if (original.kind !== 'message')
      throw new GraphError(400, 'ErrorInvalidRequest', 'Only messages can be replied to.');
    replyToItemId = original.id;
    subject = /^(re|aw|sv):/i.test(original.subject) ? original.subject : `RE: ${original.subject}`;
    const fromMe = original.from?.emailAddress.address.toLowerCase() === mailbox.user.email.toLowerCase();
    toRecipients = fromMe
      ? original.toRecipients.map(copyRecipient)
      : original.from
        ? [copyRecipient(original.from)]
        : [];
    conversationId = original.conversationId;
    conversationIndex = Buffer.concat([
      Buffer.from(original.conversationIndex, 'base64'),
      Buffer.from(key.padEnd(5, '0').slice(-5)),
    ]).toString('base64');
    const who = original.from
      ? `${original.from.emailAddress.name} <${original.from.emailAddress.address}>`
      : '';
    body = `<html><body><p></p><hr><p><b>From:</b> ${escapeHtml(who)}<br><b>Sent:</b> ${escapeHtml(
      original.sentDateTime ?? original.receivedDateTime,
    )}<br><b>Subject:</b> ${escapeHtml(original.subject)}</p>${stripHtmlDocument(original.body.content)}</body></html>`;
  }
  return store.insertMessage(mailbox, 'drafts', {
    key,
    subject,
    body: { contentType: 'html', content: body },
    categories: [],
    singleValueExtendedProperties: [],
    internetMessageId: internetMessageIdFor(domainOf(mailbox.user.email), `${mailbox.user.email}:${key}`),
    conversationId,
    conversationIndex,
    from: me,
    sender: me,
    toRecipients,
    ccRecipients: [],
    bccRecipients: [],
    replyTo: [],
    createdDateTime: now,
    receivedDateTime: now,
    sentDateTime: null,
    isRead: true,
    isDraft: true,
    importance: 'normal',
    internetMessageHeaders: [],
    ...(replyToItemId ? { replyToItemId } : {}),
  });
}

export function sendDraft(store: MailboxStore, mailbox: Mailbox, id: string): MessageItem {
  const draft = store.item(mailbox, id);
  if (draft.kind !== 'message' || !draft.isDraft)
    throw new GraphError(400, 'ErrorInvalidRequest', 'Only a draft message can be sent.');
  const recipients = [...draft.toRecipients, ...draft.ccRecipients, ...draft.bccRecipients];
  if (recipients.length === 0)
    throw new GraphError(400, 'ErrorInvalidRequest', 'At least one recipient is required to send a message.');
  for (const r of recipients)
    if (!normalizeAddress(r.emailAddress.address))
      throw new GraphError(
        400,
        'ErrorInvalidRequest',
        `'${r.emailAddress.address}' is not a valid email address.`,
      );

  const original = draft.replyToItemId ? mailbox.items.get(draft.replyToItemId) : undefined;
  const parent = original?.kind === 'message' ? original : undefined;
  const now = new Date();
  const sentAt = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const headers: InternetMessageHeader[] = [
    { name: 'Message-ID', value: draft.internetMessageId },
    { name: 'Subject', value: draft.subject },
    { name: 'From', value: `${mailbox.user.name} <${mailbox.user.email}>` },
    { name: 'To', value: draft.toRecipients.map(formatRecipient).join(', ') },
    ...(draft.ccRecipients.length
      ? [{ name: 'Cc', value: draft.ccRecipients.map(formatRecipient).join(', ') }]
      : []),
    { name: 'Date', value: now.toUTCString().replace('GMT', '+0000') },
    { name: 'MIME-Version', value: '1.0' },
    {
      name: 'Content-Type',
      value: `text/${draft.body.contentType === 'html' ? 'html' : 'plain'}; charset="utf-8"`,
    },
  ];
  if (parent) {
    const parentRefs =
      header(parent.internetMessageHeaders, 'References') ??
      header(parent.internetMessageHeaders, 'In-Reply-To') ??
      '';
    headers.push({ name: 'In-Reply-To', value: parent.internetMessageId });
    headers.push({
      name: 'References',
      value: [parentRefs, parent.internetMessageId].filter(Boolean).join(' '),
    });
  }

  store.updateItem(mailbox, draft, (m) => {
    m.isDraft = false;
    m.sentDateTime = sentAt;
    m.receivedDateTime = sentAt;
    m.internetMessageHeaders = headers;
    if (parent) m.conversationId = parent.conversationId;
    delete m.replyToItemId;
  });
  store.moveItem(mailbox, draft, store.wellKnownFolder(mailbox, 'sentitems'));

  const delivered = new Set<string>();
  for (const r of recipients) {
    const address = r.emailAddress.address.toLowerCase();
    if (delivered.has(address)) continue;
    delivered.add(address);
    const box = store.findMailbox(address);
    if (!box) continue;
    store.insertMessage(box, 'inbox', {
      key: store.newRuntimeKey('delivery'),
      subject: draft.subject,
      body: { ...draft.body },
      categories: [],
      singleValueExtendedProperties: [],
      internetMessageId: draft.internetMessageId,
      conversationId: draft.conversationId,
      conversationIndex: draft.conversationIndex,
      from: copyRecipient(
        draft.from ?? { emailAddress: { name: mailbox.user.name, address: mailbox.user.email } },
      ),
      sender: copyRecipient(
        draft.sender ?? { emailAddress: { name: mailbox.user.name, address: mailbox.user.email } },
      ),
      toRecipients: draft.toRecipients.map(copyRecipient),
      ccRecipients: draft.ccRecipients.map(copyRecipient),
      bccRecipients: [],
      replyTo: [],
      createdDateTime: sentAt,
      receivedDateTime: sentAt,
      sentDateTime: sentAt,
      isRead: false,
      isDraft: false,
      importance: draft.importance,
      internetMessageHeaders: headers.map((h) => ({ ...h })),
    });
  }
  return draft;
}

function header(headers: InternetMessageHeader[], name: string): string | undefined {
  return headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
}

function copyRecipient(r: Recipient): Recipient {
  return { emailAddress: { name: r.emailAddress.name, address: r.emailAddress.address } };
}

function formatRecipient(r: Recipient): string {
  return r.emailAddress.name ? `${r.emailAddress.name} <${r.emailAddress.address}>` : r.emailAddress.address;
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1);
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function stripHtmlDocument(html: string): string {
  return html.replace(/<head[\s\S]*?<\/head>/i, '').replace(/<\/?(html|body)[^>]*>/gi, '');
}

export type IncomingMessage = {
  from: { name?: string | undefined; address: string };
  subject: string;
  /** HTML body (default: the subject as one paragraph). */
  html?: string | undefined;
  cc?: Array<{ name?: string | undefined; address: string }> | undefined;
  /** Immutable id of a message in this mailbox this one answers (threads it like a reply). */
  inReplyToId?: string | undefined;
  /** Extra Internet headers (Auto-Submitted, List-Unsubscribe, ...). */
  headers?: InternetMessageHeader[] | undefined;
};

/**
 * Mail arriving from outside the emulated organization (what a test or the host page uses to
 * simulate "Nora just wrote back"). Threads onto `inReplyToId` the way a real reply does.
 */
export function receiveMessage(store: MailboxStore, mailbox: Mailbox, input: IncomingMessage): MessageItem {
  const fromAddress = normalizeAddress(input.from.address);
  if (!fromAddress)
    throw new GraphError(400, 'ErrorInvalidRequest', `'${input.from.address}' is not a valid email address.`);
  for (const c of input.cc ?? [])
    if (!normalizeAddress(c.address))
      throw new GraphError(400, 'ErrorInvalidRequest', `'${c.address}' is not a valid email address.`);
  const parentItem = input.inReplyToId !== undefined ? store.item(mailbox, input.inReplyToId) : undefined;
  if (parentItem && parentItem.kind !== 'message')
    throw new GraphError(400, 'ErrorInvalidRequest', 'Only messages can be replied to.');
  const parent = parentItem?.kind === 'message' ? parentItem : undefined;
  const key = store.newRuntimeKey('incoming');
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const from: Recipient = { emailAddress: { name: input.from.name ?? fromAddress, address: fromAddress } };
  const me: Recipient = { emailAddress: { name: mailbox.user.name, address: mailbox.user.email } };
  const internetMessageId = internetMessageIdFor(domainOf(fromAddress), `${mailbox.user.email}:${key}`);
  const headers: InternetMessageHeader[] = [
    { name: 'Message-ID', value: internetMessageId },
    { name: 'Subject', value: input.subject },
    { name: 'From', value: formatRecipient(from) },
    { name: 'To', value: formatRecipient(me) },
    { name: 'Date', value: new Date(now).toUTCString().replace('GMT', '+0000') },
    { name: 'MIME-Version', value: '1.0' },
    { name: 'Content-Type', value: 'text/html; charset="utf-8"' },
  ];
  if (parent) {
    const parentRefs =
      header(parent.internetMessageHeaders, 'References') ??
      header(parent.internetMessageHeaders, 'In-Reply-To') ??
      '';
    headers.push({ name: 'In-Reply-To', value: parent.internetMessageId });
    headers.push({
      name: 'References',
      value: [parentRefs, parent.internetMessageId].filter(Boolean).join(' '),
    });
  }
  headers.push(...(input.headers ?? []));
  return store.insertMessage(mailbox, 'inbox', {
    key,
    subject: input.subject,
    body: {
      contentType: 'html',
      content: input.html ?? `<html><body><p>${escapeHtml(input.subject)}</p></body></html>`,
    },
    categories: [],
    singleValueExtendedProperties: [],
    internetMessageId,
    conversationId: parent?.conversationId ?? conversationIdFor(mailbox.user.email, key),
    conversationIndex: parent
      ? Buffer.concat([
          Buffer.from(parent.conversationIndex, 'base64'),
          Buffer.from(key.padEnd(5, '0').slice(-5)),
        ]).toString('base64')
      : conversationIndexFor(`${mailbox.user.email}:${key}`, 0),
    from,
    sender: from,
    toRecipients: [me],
    ccRecipients: (input.cc ?? []).map((c) => ({
      emailAddress: { name: c.name ?? c.address, address: c.address },
    })),
    bccRecipients: [],
    replyTo: [],
    createdDateTime: now,
    receivedDateTime: now,
    sentDateTime: now,
    isRead: false,
    isDraft: false,
    importance: 'normal',
    internetMessageHeaders: headers,
  });
}
