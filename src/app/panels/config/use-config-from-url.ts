// Loads a config shared as a link (#config=…) when the page opens and whenever the hash changes (a link
// pasted into the address bar of an open tab changes only the hash, without a reload).
import { useEffect, useRef } from 'react';
import { configFromHash } from '../../../platform/share/config-share';
import type { ParsedConfig, WorkbenchRunConfig } from '../../../core/workbench-config';

export function useConfigFromUrl(defaults: WorkbenchRunConfig, load: (parsed: ParsedConfig, source: string) => void): void {
  // The latest defaults and callback, without re-subscribing (and re-loading the same hash) on each render.
  const latest = useRef({ defaults, load });
  latest.current = { defaults, load };

  useEffect(() => {
    let lastHash: string | null = null;
    const check = () => {
      if (location.hash === lastHash) return;
      lastHash = location.hash;
      const parsed = configFromHash(location.hash, latest.current.defaults);
      if (parsed) latest.current.load(parsed, 'link');
    };
    check();
    window.addEventListener('hashchange', check);
    return () => window.removeEventListener('hashchange', check);
  }, []);
}
