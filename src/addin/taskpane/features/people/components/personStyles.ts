import { makeStyles, tokens } from '@fluentui/react-components';

/** The looks every kind of person row shares (matched, ambiguous, unknown) and their roles line. */
export const usePersonStyles = makeStyles({
  row: {
    width: '100%',
    justifyContent: 'flex-start',
    textAlign: 'start',
    columnGap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalXS}`,
    fontWeight: tokens.fontWeightRegular,
    minWidth: 0,
  },
  text: { display: 'flex', flexDirection: 'column', minWidth: 0, flexGrow: 1 },
  nameLine: {
    display: 'flex',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalXS,
    flexWrap: 'wrap',
  },
  name: {
    fontWeight: tokens.fontWeightSemibold,
    overflowWrap: 'anywhere',
    color: tokens.colorNeutralForeground1,
  },
  secondary: {
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    overflowWrap: 'anywhere',
  },
  box: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalS,
    padding: tokens.spacingVerticalS,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  header: { display: 'flex', columnGap: tokens.spacingHorizontalS, alignItems: 'flex-start' },
  // As narrow as its word, so the address beside it keeps its room.
  add: { minWidth: 'auto', flexShrink: 0 },
});
