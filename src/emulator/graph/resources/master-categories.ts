import { z } from 'zod';
import { CATEGORY_COLOR } from '../../mailbox/types';
import { parseBody } from '../../validation';
import type { Access } from '../auth';
import { contextUrl, type MailboxRouter } from '../router';

const READ: Access = { resource: 'settings', write: false };
const WRITE: Access = { resource: 'settings', write: true };

/** The mailbox's master category list: `GET`, `POST` and `DELETE /outlook/masterCategories/{id}`. */
export function masterCategoryRoutes(router: MailboxRouter): void {
  const { store } = router;

  router.get('/outlook/masterCategories', READ, (call) => ({
    body: {
      '@odata.context': contextUrl(call, 'outlook/masterCategories'),
      value: call.mailbox.masterCategories.map((c) => ({ ...c })),
    },
  }));

  router.post('/outlook/masterCategories', WRITE, (call) => {
    const input = parseBody(MasterCategoryInput, call.req.body, 'outlookCategory');
    const category = store.addMasterCategory(call.mailbox, input.displayName, input.color ?? 'none');
    return {
      status: 201,
      body: { '@odata.context': contextUrl(call, 'outlook/masterCategories/$entity'), ...category },
    };
  });

  router.delete<'categoryId'>('/outlook/masterCategories/:categoryId', WRITE, (call) => {
    store.removeMasterCategory(call.mailbox, call.params.categoryId);
    return {};
  });
}

const MasterCategoryInput = z
  .object({
    displayName: z.string().min(1).max(255),
    color: z.string().regex(CATEGORY_COLOR, 'must be none or preset0..preset24').optional(),
  })
  .strict();
