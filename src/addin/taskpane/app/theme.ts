import { webDarkTheme, webLightTheme, type Theme } from '@fluentui/react-components';
import type { OfficeThemeColors } from '../../office/types';

/**
 * Follows Outlook: Fluent's light or dark theme by the Office theme's luminance (the browser's
 * colour-scheme preference where Outlook does not say), with the pane's background and text taken
 * from Office so the pane blends with the reading pane. High contrast needs nothing here: Fluent's
 * styles switch to system colours under forced-colors.
 */
export function paneTheme(office: OfficeThemeColors | null, prefersDark: boolean): Theme {
  const base = (office ? office.isDark : prefersDark) ? webDarkTheme : webLightTheme;
  if (!office || !isHex(office.bodyBackgroundColor) || !isHex(office.bodyForegroundColor)) return base;
  return {
    ...base,
    colorNeutralBackground1: office.bodyBackgroundColor,
    colorNeutralForeground1: office.bodyForegroundColor,
  };
}

function isHex(color: string): boolean {
  return /^#[0-9a-f]{6}$/i.test(color.trim());
}
