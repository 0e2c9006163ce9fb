/**
 * The CRM's record types, as plain lists (no zod) so any part, the pane's entry included, can
 * check a type without loading the schemas.
 */
export const recordTypes = ['contact', 'lead', 'account', 'opportunity', 'case', 'user'] as const;

/** The record types a sales rep may search for or set as regarding (never users). */
export const regardingTypes = ['contact', 'lead', 'account', 'opportunity', 'case'] as const;

const regardingTypeSet: ReadonlySet<string> = new Set(regardingTypes);

export function isRegardingType(type: string): type is (typeof regardingTypes)[number] {
  return regardingTypeSet.has(type);
}
