import { DEFAULT_THEME, MantineProvider, type CSSVariablesResolver } from '@mantine/core';
import { useSyncExternalStore, type ReactNode } from 'react';
import { DEFAULT_DISPLAY, displayPrefsSchema, type DisplayPrefs } from '../shared/display';
import { contrastTheme, theme } from './theme';

// Large text and high contrast. The signed-in clerk's own choice (kept by the host) wins; before
// sign-in the screen keeps the last choice made on this machine so the sign-in form is readable too.

const KEY = 'yct.display';
const listeners = new Set<() => void>();

function stored(): DisplayPrefs {
  try {
    return displayPrefsSchema.parse(JSON.parse(localStorage.getItem(KEY) ?? '{}'));
  } catch {
    return DEFAULT_DISPLAY;
  }
}

let current = stored();

function apply() {
  const root = document.documentElement;
  // Mantine sizes are rem: one root size scales text, controls and spacing together.
  root.style.fontSize = current.largeText ? '125%' : '';
  root.dataset.display = [current.largeText ? 'large' : '', current.highContrast ? 'contrast' : ''].filter(Boolean).join(' ') || 'normal';
}
apply();

export function applyDisplay(p: DisplayPrefs): void {
  if (p.largeText === current.largeText && p.highContrast === current.highContrast) return;
  current = p;
  localStorage.setItem(KEY, JSON.stringify(p));
  apply();
  listeners.forEach((l) => l());
}

export function useDisplay(): DisplayPrefs {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}

// WCAG relative luminance and contrast ratio of sRGB hex colours.
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
}
function darken(hex: string, f: number): string {
  return `#${[1, 3, 5].map((i) => Math.round(parseInt(hex.slice(i, i + 2), 16) * (1 - f)).toString(16).padStart(2, '0')).join('')}`;
}
/** The first of `shades` (then shade 9 darkened step by step) that reaches `ratio` against `bg`. */
function reach(shades: readonly string[], bg: string, ratio: number): string {
  for (const c of shades) if (contrast(c, bg) >= ratio) return c;
  let c = shades[shades.length - 1]!;
  for (let f = 0.1; contrast(c, bg) < ratio && f < 1; f += 0.1) c = darken(shades[shades.length - 1]!, f);
  return c;
}

/**
 * Every colour's text, tint and fill so that coloured text and badges keep `ratio` (4.5:1 normally,
 * 7:1 in high contrast): Mantine's light badges (e.g. green.9 on its tint, 3.8:1) and orange fills
 * behind white text (3.6:1) fall short of AA.
 */
function palette(ratio: number, from: number): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [name, shades] of Object.entries(DEFAULT_THEME.colors)) {
    if (name === 'dark' || name === 'gray') continue;
    const tint = shades[0]!;
    const text = reach(shades.slice(from), tint, ratio);
    const fill = reach(shades.slice(from), '#ffffff', ratio);
    Object.assign(vars, {
      [`--mantine-color-${name}-light`]: tint,
      [`--mantine-color-${name}-light-color`]: text,
      [`--mantine-color-${name}-text`]: text,
      [`--mantine-color-${name}-outline`]: fill,
      [`--mantine-color-${name}-filled`]: fill,
      [`--mantine-color-${name}-filled-hover`]: darken(fill, 0.2),
    });
  }
  return vars;
}

const normalVariables: CSSVariablesResolver = () => ({
  variables: {},
  // Mantine's grey for secondary text (gray.6) is 3.3:1 on white; gray.7 keeps AA everywhere.
  // Field errors use red.6 (3.3:1) by default: the computed red text keeps them readable too.
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)', '--mantine-color-error': 'var(--mantine-color-red-text)', ...palette(4.5, 6) },
  dark: {},
});

// High contrast: text black, borders black, every colour at 7:1 (WCAG AAA).
const contrastVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-text': '#000000',
    '--mantine-color-dimmed': '#1a1a1a',
    '--mantine-color-placeholder': '#333333',
    '--mantine-color-default-border': '#000000',
    '--mantine-color-default-color': '#000000',
    '--mantine-color-body': '#ffffff',
    '--mantine-color-error': 'var(--mantine-color-red-text)',
    ...palette(7, 7),
  },
  dark: {},
});

export function DisplayProvider({ children }: { children: ReactNode }) {
  const d = useDisplay();
  return (
    <MantineProvider theme={d.highContrast ? contrastTheme : theme} cssVariablesResolver={d.highContrast ? contrastVariables : normalVariables} defaultColorScheme="light">
      {children}
    </MantineProvider>
  );
}
