// The workbench's sections, in the order of the work (issue 9, item 5): Data → Configure & Train → Runs →
// Viewer → Evaluation → Models. One section is shown at a time; its id is in the URL (`?section=<id>`, so
// it coexists with `#config=…` share links in the hash) and remembered across reloads. A new section (for
// example the experiment grid) is one entry here: id, title, shortcut key (pressed after `g`) and its panels,
// one array per column (one column = full width; two columns = left and right).
import type { ComponentType } from 'react';
import { DataPanel } from './panels/data/DataPanel';
import { TrainPanel } from './panels/train/TrainPanel';
import { ConfigPanel } from './panels/config/ConfigPanel';
import { CurvesPanel } from './panels/curves/CurvesPanel';
import { RunsPanel } from './panels/runs/RunsPanel';
import { ViewerPanel } from './panels/viewer/ViewerPanel';
import { EvaluationPanel } from './panels/evaluation/EvaluationPanel';
import { ModelsPanel } from './panels/models/ModelsPanel';
import { ResearchPanel } from './panels/research/ResearchPanel';

export interface PanelEntry {
  /** `data-panel` attribute of the panel's slot (tests and the skip link find panels by it). */
  id: string;
  /** Shown by the panel's error boundary when it crashes. */
  title: string;
  Panel: ComponentType;
}

export interface SectionSpec {
  /** In the URL (`?section=`) and the stored settings. */
  id: string;
  /** Header link text. */
  title: string;
  /** Shortcut: `g` then this key (lower case, unique). */
  key: string;
  /** Panels per column, left to right. */
  columns: readonly (readonly PanelEntry[])[];
}

export const SECTIONS = [
  { id: 'data', title: 'Data', key: 'd', columns: [[{ id: 'data', title: 'Data', Panel: DataPanel }]] },
  {
    id: 'train',
    title: 'Configure & Train',
    key: 't',
    columns: [
      [{ id: 'config', title: 'Configuration', Panel: ConfigPanel }],
      [
        { id: 'train', title: 'Train', Panel: TrainPanel },
        { id: 'curves', title: 'Live curves', Panel: CurvesPanel },
      ],
    ],
  },
  { id: 'runs', title: 'Runs', key: 'r', columns: [[{ id: 'runs', title: 'Runs', Panel: RunsPanel }]] },
  { id: 'viewer', title: 'Viewer', key: 'v', columns: [[{ id: 'viewer', title: 'Viewer', Panel: ViewerPanel }]] },
  { id: 'evaluation', title: 'Evaluation', key: 'e', columns: [[{ id: 'evaluation', title: 'Evaluation', Panel: EvaluationPanel }]] },
  { id: 'models', title: 'Models', key: 'm', columns: [[{ id: 'models', title: 'Models', Panel: ModelsPanel }]] },
  // The experiment grid (issue 10): `g x` (x for experiment; r is Runs).
  { id: 'research', title: 'Research', key: 'x', columns: [[{ id: 'research', title: 'Research (experiment grid)', Panel: ResearchPanel }]] },
] as const satisfies readonly SectionSpec[];

export type SectionId = (typeof SECTIONS)[number]['id'];

const DEFAULT_SECTION: SectionId = 'data';

/** The section with this id, or null for an unknown one (an old bookmark, a typo in the URL). */
export function sectionById(id: string | null | undefined): SectionSpec | null {
  return SECTIONS.find((s) => s.id === id) ?? null;
}

/**
 * The section a URL names: `?section=<id>`; a share link (`#config=…`) without one opens Configure & Train,
 * where the loaded config shows. Null when the URL names none (the remembered section is used then).
 */
export function sectionFromUrl(url: URL): SectionId | null {
  const named = sectionById(url.searchParams.get('section'));
  if (named) return named.id as SectionId;
  if (/(^#|&)config=/.test(url.hash)) return 'train';
  return null;
}

/** The same URL showing another section (query parameter replaced; path and hash kept). */
export function urlForSection(url: URL, id: SectionId): string {
  const next = new URL(url.href);
  next.searchParams.set('section', id);
  return `${next.pathname}${next.search}${next.hash}`;
}

/** Which section opens: the URL's, else the remembered one, else Data. */
export function initialSection(url: URL, remembered: string | null, firstVisit = false): SectionId {
  // A first visit opens the Viewer on the example X-rays with the example model (issue 9, item 8).
  return sectionFromUrl(url) ?? (sectionById(remembered)?.id as SectionId | undefined) ?? (firstVisit ? 'viewer' : DEFAULT_SECTION);
}
