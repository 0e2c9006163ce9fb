import type { MailboxRouter } from '../router';

/** `GET /users/{id|address}` and `GET /me`: who owns the mailbox. */
export function userRoutes(router: MailboxRouter): void {
  router.get('', { resource: 'mail', write: false }, ({ base, mailbox }) => ({
    body: {
      '@odata.context': `${base}/$metadata#users/$entity`,
      id: mailbox.user.objectId,
      displayName: mailbox.user.name,
      mail: mailbox.user.email,
      userPrincipalName: mailbox.user.email,
    },
  }));
}
