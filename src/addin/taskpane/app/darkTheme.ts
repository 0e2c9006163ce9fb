// Its own chunk (see theme.ts): only users of a dark Outlook theme load it.
export { webDarkTheme } from '@fluentui/react-components';
