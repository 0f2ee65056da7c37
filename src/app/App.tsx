// The workbench shell (issue 9, item 5): a header with the sections of the flow (sections.ts), one section
// shown at a time, its id in the URL (`?section=`; back/forward work) and remembered across reloads; a skip
// link, `g`-then-key shortcuts and a "?" list of them; the theme toggle; toasts for notices. Every panel stays
// mounted (hidden with its section), so a run's curves, the viewer's image and evaluation results are still
// there when the user comes back; each panel is behind its own error boundary.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useStore } from './store';
import { THEME_PREFERENCES, type ThemePreference } from './store/layout-slice';
import { PanelBoundary } from './components/PanelBoundary';
import { Notices } from './components/Notices';
import { StorageBanner } from './components/StorageBanner';
import { RunControlBar } from './components/RunControlBar';
import { SECTIONS, initialSection, sectionById, sectionFromUrl, urlForSection, type SectionId } from './sections';
import { useThemeController } from './theme';

const THEME_LABELS: Record<ThemePreference, string> = { system: 'System', light: 'Light', dark: 'Dark' };

/**
 * The section shown, kept in step with the URL: on start the URL's section, else the remembered one (and the
 * URL is made to name it); `show` pushes a history entry; back/forward (popstate) show the entry's section.
 */
function useSectionRoute(): [SectionId, (id: SectionId) => void] {
  const [section, setSection] = useState<SectionId>(() => {
    const { sectionInView, firstVisit } = useStore.getState();
    const id = initialSection(new URL(location.href), sectionInView, firstVisit);
    history.replaceState(history.state, '', urlForSection(new URL(location.href), id));
    return id;
  });
  // The store remembers it (persisted) and stamps new notices with it.
  useEffect(() => useStore.getState().setSectionInView(section), [section]);
  useEffect(() => {
    const onPop = () => {
      const id = sectionFromUrl(new URL(location.href));
      if (id) setSection(id);
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const show = useCallback((id: SectionId) => {
    const url = new URL(location.href);
    if (url.searchParams.get('section') !== id) history.pushState(null, '', urlForSection(url, id));
    setSection(id);
  }, []);
  return [section, show];
}

/** Keyboard: `g` then a section's key shows it; `?` opens the shortcut list; not while typing in a field. */
function useShortcuts(show: (id: SectionId) => void, toggleHelp: () => void): void {
  useEffect(() => {
    let pendingUntil = 0;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA')) return;
      if (e.key === '?') {
        e.preventDefault();
        toggleHelp();
        return;
      }
      const key = e.key.toLowerCase();
      if (performance.now() < pendingUntil) {
        pendingUntil = 0;
        const target = SECTIONS.find((s) => s.key === key);
        if (target) {
          e.preventDefault();
          show(target.id);
        }
        return;
      }
      if (key === 'g' && !e.shiftKey) pendingUntil = performance.now() + 1500;
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [show, toggleHelp]);
}

function ShortcutHelp({ onClose }: { onClose(): void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div ref={ref} className="shortcut-help" role="dialog" aria-label="Keyboard shortcuts" tabIndex={-1} data-testid="shortcut-help">
      <h2>Keyboard shortcuts</h2>
      <table>
        <tbody>
          {SECTIONS.map((s) => (
            <tr key={s.id}>
              <td><kbd>g</kbd> <kbd>{s.key}</kbd></td>
              <td>{s.title}</td>
            </tr>
          ))}
          <tr><td><kbd>←</kbd> <kbd>→</kbd></td><td>Viewer: previous / next image</td></tr>
          <tr><td><kbd>?</kbd></td><td>This list</td></tr>
          <tr><td><kbd>Esc</kbd></td><td>Close it</td></tr>
        </tbody>
      </table>
      <p className="small muted">Shortcuts are off while typing in a field. The first Tab on the page reaches “Skip to content”.</p>
      <button type="button" onClick={onClose}>Close</button>
    </div>
  );
}

function ThemeToggle() {
  const preference = useStore((s) => s.themePreference);
  const setPreference = useStore((s) => s.setThemePreference);
  return (
    <div className="theme-toggle" role="radiogroup" aria-label="Colour theme" data-testid="theme-toggle">
      {THEME_PREFERENCES.map((t) => (
        <button key={t} type="button" role="radio" aria-checked={preference === t} className={preference === t ? 'on' : ''} onClick={() => setPreference(t)}>
          {THEME_LABELS[t]}
        </button>
      ))}
    </div>
  );
}

export function App() {
  useThemeController();
  const [section, show] = useSectionRoute();
  const [help, setHelp] = useState(false);
  const toggleHelp = useCallback(() => setHelp((h) => !h), []);
  const closeHelp = useCallback(() => setHelp(false), []);
  useShortcuts(show, toggleHelp);
  const mainRef = useRef<HTMLElement>(null);
  const title = sectionById(section)?.title;
  useEffect(() => {
    document.title = `${title} · MultiMix Workbench`;
    mainRef.current?.scrollTo(0, 0);
  }, [title]);

  return (
    <div className="app">
      <a
        className="skip-link"
        href="#main-content"
        onClick={(e) => {
          // Not through the hash: it may hold a shared config (#config=…).
          e.preventDefault();
          mainRef.current?.focus();
        }}
      >
        Skip to content
      </a>
      <header className="app-header">
        <div className="app-brand">
          <span className="app-title">MultiMix Workbench</span>
          <span className="tagline">Trained in your browser · nothing leaves this tab</span>
        </div>
        <nav className="section-nav" aria-label="Sections">
          <ol>
            {SECTIONS.map((s, i) => (
              <li key={s.id}>
                <a
                  href={`?section=${s.id}`}
                  data-section-link={s.id}
                  aria-current={s.id === section ? 'page' : undefined}
                  title={`${s.title} (g then ${s.key})`}
                  onClick={(e) => {
                    if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
                    e.preventDefault();
                    show(s.id);
                  }}
                >
                  <span className="step" aria-hidden="true">{i + 1}</span>
                  {s.title}
                </a>
              </li>
            ))}
          </ol>
        </nav>
        <div className="header-tools">
          <ThemeToggle />
          <button type="button" className="help-button" aria-expanded={help} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={toggleHelp}>
            ?
          </button>
        </div>
        {help && <ShortcutHelp onClose={closeHelp} />}
      </header>
      {/* The run-control bar (issue 9, item 5: status, step, ETA, pause/stop) shows in every section while a run
          is active; the slot takes no room while it is empty (the bar renders nothing without an active run). */}
      <div className="run-control-slot" data-slot="run-control-bar">
        <RunControlBar />
      </div>
      <StorageBanner />
      <main id="main-content" className="sections" ref={mainRef} tabIndex={-1}>
        {SECTIONS.map((s) => (
          <div
            key={s.id}
            className={`section section-cols-${s.columns.length}`}
            data-section={s.id}
            hidden={s.id !== section}
            aria-label={s.title}
            role="region"
          >
            {s.columns.map((column, c) => (
              <div key={c} className="section-column">
                {column.map(({ id, title, Panel }) => (
                  <div key={id} className="panel-slot" data-panel={id}>
                    <PanelBoundary title={title}>
                      <Panel />
                    </PanelBoundary>
                  </div>
                ))}
              </div>
            ))}
          </div>
        ))}
      </main>
      {/* Under the section, not over it: a notice that stays (a warning, an error) never covers a control. */}
      <Notices section={section} onShow={show} />
    </div>
  );
}
