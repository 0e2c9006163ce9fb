import { conversationIndexFor } from './ids';
import type { MailboxStore } from './store';
import type { ItemBody, MailboxUser, Recipient } from './types';

export type GenerateOptions = {
  /** How many extra mailboxes. */
  mailboxes: number;
  /** Inbox messages per mailbox. */
  itemsPerMailbox: number;
  /** Domain of the generated users (default `scale.example`). */
  domain?: string;
  /** Newest item's received time (default: now). */
  now?: Date;
};

const BODY: ItemBody = Object.freeze({
  contentType: 'html',
  content: '<html><body><p>Generated message for the sync scale test.</p></body></html>',
}) as ItemBody;
const NONE = Object.freeze([]) as unknown as never[];

/**
 * Registers N extra mailboxes with M inbox messages each, for the sync scale test and the
 * benchmark. Each mailbox is built on first access; items share everything that is the same
 * for the i-th message of every mailbox (sender, subject, body, empty collections: the store
 * replaces rather than mutates these), so 100,000 items stay cheap. Every item keeps its own id,
 * Internet message id and conversation id: they are distinct messages.
 */
export function generateMailboxes(store: MailboxStore, options: GenerateOptions): MailboxUser[] {
  const domain = options.domain ?? 'scale.example';
  const now = (options.now ?? new Date()).getTime();
  const shared = Array.from({ length: options.itemsPerMailbox }, (_, i) => {
    const senderDomain = `external${i % 100}.example`;
    const from: Recipient = Object.freeze({
      emailAddress: Object.freeze({ name: `Sender ${i + 1}`, address: `sender${i + 1}@${senderDomain}` }),
    });
    const at = new Date(now - (options.itemsPerMailbox - i) * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return {
      from,
      senderDomain,
      at,
      subject: `Generated message ${i + 1}`,
      index: conversationIndexFor(`gen-${i}`, 0),
    };
  });
  const users: MailboxUser[] = [];
  for (let m = 0; m < options.mailboxes; m++) {
    const n = String(m + 1).padStart(5, '0');
    const user: MailboxUser = {
      email: `user${n}@${domain}`,
      name: `Scale User ${n}`,
      objectId: `5ca1e000-0000-4000-8000-${String(m + 1).padStart(12, '0')}`,
    };
    users.push(user);
    store.addLazyMailbox(user, (mailbox) => {
      const to: Recipient[] = Object.freeze([
        Object.freeze({ emailAddress: Object.freeze({ name: user.name, address: user.email }) }),
      ]) as unknown as Recipient[];
      shared.forEach((s, i) => {
        const tag = `${n}${String(i).padStart(6, '0')}`;
        store.insertMessage(mailbox, 'inbox', {
          key: tag,
          id: `AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0AGEN${tag}AAA`,
          subject: s.subject,
          body: BODY,
          categories: NONE,
          singleValueExtendedProperties: NONE,
          internetMessageId: `<GEN${tag}@${s.senderDomain}>`,
          conversationId: `AAQkAGI2THVSAAQGEN${tag}=`,
          conversationIndex: s.index,
          from: s.from,
          sender: s.from,
          toRecipients: to,
          ccRecipients: NONE,
          bccRecipients: NONE,
          replyTo: NONE,
          createdDateTime: s.at,
          receivedDateTime: s.at,
          sentDateTime: s.at,
          isRead: false,
          isDraft: false,
          importance: 'normal',
          internetMessageHeaders: NONE,
        });
      });
    });
  }
  return users;
}
