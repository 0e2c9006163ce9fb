import { z } from 'zod';
import type { MailboxItem } from '../../mailbox/types';

/**
 * Single-value extended properties, written by PATCHing a message or an event (the add-in's
 * marker travels in one) and read with `$expand=singleValueExtendedProperties($filter=...)`.
 */

/** e.g. `String {00020329-0000-0000-C000-000000000046} Name cecp-...` or `String 0x0037`. */
const EXTENDED_PROPERTY_ID =
  /^(String|Integer|Boolean|SystemTime|Binary|Double|Long|Short|CLSID|Currency|Float)\s+((\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}\s+(Name\s+\S.*|Id\s+0x[0-9a-f]{1,4}))|0x[0-9a-f]{1,4})$/i;

const ExtendedPropertyInput = z.object({
  id: z.string().regex(EXTENDED_PROPERTY_ID, 'is not a valid extended property id'),
  value: z.string().max(1_000_000),
});

/** The `singleValueExtendedProperties` of a PATCH body. */
export const ExtendedPropertiesInput = z.array(ExtendedPropertyInput).max(50);

/** Sets each property by id (case-insensitively), adding those the item does not have. */
export function upsertExtendedProperties(
  item: MailboxItem,
  props: Array<{ id: string; value: string }>,
): void {
  // A new array: items may share immutable empty arrays (generated mailboxes).
  const next = item.singleValueExtendedProperties.map((p) => ({ ...p }));
  for (const prop of props) {
    const existing = next.find((p) => p.id.toLowerCase() === prop.id.toLowerCase());
    if (existing) existing.value = prop.value;
    else next.push({ id: prop.id, value: prop.value });
  }
  item.singleValueExtendedProperties = next;
}
