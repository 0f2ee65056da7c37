// The colour theme: light or dark, following `prefers-color-scheme` unless the user picked one in the header
// (remembered: persisted-settings.ts). The page's colours are CSS custom properties switched by
// `<html data-theme>` (app.css); plotly figures take theirs from `plotTheme` (components/plot/Plot.tsx).
import { useEffect } from 'react';
import type { Layout } from 'plotly.js-dist-min';
import { useStore } from './store';

const DARK_QUERY = '(prefers-color-scheme: dark)';

/** Keeps `<html data-theme>` and the store's resolved theme in step with the preference and the system's. */
export function useThemeController(): void {
  const preference = useStore((s) => s.themePreference);
  useEffect(() => {
    const media = window.matchMedia(DARK_QUERY);
    const apply = () => {
      const theme = preference === 'system' ? (media.matches ? 'dark' : 'light') : preference;
      document.documentElement.dataset.theme = theme;
      useStore.getState().setResolvedTheme(theme);
    };
    apply();
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [preference]);
}

/** Plotly layout colours for a theme: transparent paper (the panel shows through), text and grid lines. */
export function plotTheme(theme: 'light' | 'dark'): Partial<Layout> {
  const dark = theme === 'dark';
  const text = dark ? '#d7dde8' : '#1d2430';
  const grid = dark ? '#3a4457' : '#e3e7ee';
  const line = dark ? '#6b778c' : '#aab3c2';
  const axis = { gridcolor: grid, zerolinecolor: line, linecolor: line, tickcolor: line, color: text };
  return {
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: 'rgba(0,0,0,0)',
    font: { size: 11, color: text },
    xaxis: axis,
    yaxis: axis,
    yaxis2: axis,
    legend: { font: { color: text }, bgcolor: 'rgba(0,0,0,0)' },
  };
}
