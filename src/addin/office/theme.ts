import type { OfficeNamespace } from './namespace';
import type { OfficeThemeColors } from './types';

/** Below this relative luminance of the body background, Outlook's theme counts as dark. */
const DARK_LUMINANCE = 0.2;

/** Outlook's theme colours (Mailbox 1.14), or `null` where the client does not expose them. */
export function readTheme(office: OfficeNamespace): OfficeThemeColors | null {
  const t = office.context.officeTheme;
  if (!t?.bodyBackgroundColor) return null;
  const l = luminance(t.bodyBackgroundColor);
  return {
    bodyBackgroundColor: t.bodyBackgroundColor,
    bodyForegroundColor: t.bodyForegroundColor,
    controlBackgroundColor: t.controlBackgroundColor,
    controlForegroundColor: t.controlForegroundColor,
    isDark: l !== null && l < DARK_LUMINANCE,
  };
}

/** WCAG relative luminance of a `#rrggbb` colour; `null` for anything else. */
function luminance(hex: string): number | null {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m?.[1]) return null;
  const n = parseInt(m[1], 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
