import { createTheme, mergeThemeOverrides } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  // The blue of the filled buttons keeps 4.5:1 behind white text.
  primaryShade: 8,
  fontFamily:
    '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", system-ui, -apple-system, "Segoe UI", sans-serif',
  defaultRadius: 'sm',
  focusRing: 'always',
});

/** High contrast: the darkest shades, and light fills that never hide their text. */
export const contrastTheme = mergeThemeOverrides(
  theme,
  createTheme({
    primaryShade: 9,
    autoContrast: true,
    luminanceThreshold: 0.4,
  }),
);
