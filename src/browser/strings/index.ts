import { en, type Strings } from './en';

/** The active catalogue. One language today; the shape is fixed by `Strings`. */
export const strings: Strings = en;

/**
 * Fills `{name}` placeholders. A placeholder without a value is left visible rather than blanked,
 * so a missing value shows up in review instead of producing a silently wrong sentence.
 */
export function format(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const v = values[key];
    return v === undefined ? whole : String(v);
  });
}

export type { Strings };
