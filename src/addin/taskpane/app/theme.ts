import { webLightTheme, type Theme } from '@fluentui/react-components';
import type { OfficeThemeColors } from '#addin/office/types';

/*
 * Follows Outlook: Fluent's light or dark theme by the Office theme's luminance (the browser's
 * colour-scheme preference where Outlook does not say), with the pane's background and text taken
 * from Office so the pane blends with the reading pane. High contrast needs nothing here: Fluent's
 * styles switch to system colours under forced-colors. The dark theme is a chunk of its own, so
 * light-theme users do not download it.
 */

let darkTheme: Theme | null = null;

/** Loads the dark theme (once); the pane's entry awaits it before the first render when needed. */
export async function loadDarkTheme(): Promise<Theme> {
  if (!darkTheme) {
    // A chunk that cannot load (offline, a deployment in between) leaves a light pane, not none.
    darkTheme = await import(/* webpackChunkName: "theme-dark" */ './darkTheme').then(
      (m) => m.webDarkTheme,
      () => webLightTheme,
    );
  }
  return darkTheme;
}

export function wantsDark(office: OfficeThemeColors | null, prefersDark: boolean): boolean {
  return office ? office.isDark : prefersDark;
}

/** The theme to render with; `null` while a wanted dark theme is still loading. */
export function paneTheme(office: OfficeThemeColors | null, prefersDark: boolean): Theme | null {
  const base = wantsDark(office, prefersDark) ? darkTheme : webLightTheme;
  if (!base) return null;
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
