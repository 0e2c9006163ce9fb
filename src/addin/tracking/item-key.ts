import type { ApiClient } from '#browser/api/types';
import type { ItemContext } from '../office/types';

/**
 * Completes an appointment's tracking key. Outlook gives the pane no iCalUId (Mailbox 1.x), only
 * the item's id in the user's mailbox, so the CRM reads the iCalUId through Graph. When the CRM
 * cannot answer, the item keeps `key: null`: tracking then writes the pending marker and
 * server-side sync, which reads the iCalUId itself, completes it.
 */
export async function completeItemKey(
  item: ItemContext,
  api: Pick<ApiClient, 'call'>,
  signal?: AbortSignal,
): Promise<ItemContext> {
  if (item.kind !== 'appointment' || item.key !== null || !item.restId) return item;
  const answer = await api.call(
    'appointmentKey',
    { body: { itemId: item.restId } },
    signal ? { signal } : {},
  );
  return answer.ok ? { ...item, key: answer.value.key } : item;
}
