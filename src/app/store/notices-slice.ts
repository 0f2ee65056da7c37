// Messages for the user, shown as toasts at the bottom right, under the section on screen
// (components/Notices.tsx). Confirmations (`info`) dismiss themselves after NOTICE_AUTO_DISMISS_MS; warnings
// and errors stay until the user dismisses them (issue 9, item 5).
import type { StateCreator } from 'zustand';
import type { Full } from './types';

/** `info`: a confirmation (saved, exported, imported); `warning`: done, but look (nothing imported, a fallback); `error`: failed. */
export type NoticeKind = 'info' | 'warning' | 'error';

export interface Notice {
  id: number;
  kind: NoticeKind;
  text: string;
  /** Section (sections.ts id) where the action happened, when the caller said; shown as a link elsewhere. */
  section: string | null;
}

export interface NotifyOptions {
  /** Section the notice belongs to (sections.ts id), e.g. `data` for an import; none by default. */
  section?: string;
}

/** How long a confirmation stays (ms) while the pointer or focus is not on it. */
export const NOTICE_AUTO_DISMISS_MS = 5_000;

/** Whether notices of this kind dismiss themselves. */
export const autoDismisses = (kind: NoticeKind): boolean => kind === 'info';

export interface NoticesSlice {
  notices: Notice[];
  notify(kind: NoticeKind, text: string, options?: NotifyOptions): void;
  dismissNotice(id: number): void;
}

let nextNoticeId = 1;

export const createNoticesSlice: StateCreator<Full, [], [], NoticesSlice> = (set) => ({
  notices: [],
  notify(kind, text, options) {
    const id = nextNoticeId++;
    const section = options?.section ?? null;
    // The same message twice in a row is one notice: repeated failures should not flood the page.
    set((s) => (s.notices.at(-1)?.text === text ? s : { notices: [...s.notices.slice(-4), { id, kind, text, section }] }));
  },
  dismissNotice(id) {
    set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
  },
});
