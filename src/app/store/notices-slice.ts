// Messages for the user (errors and confirmations) shown in one place at the top of the page.
import type { StateCreator } from 'zustand';
import type { Full } from './types';

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

export interface NoticesSlice {
  notices: Notice[];
  notify(kind: Notice['kind'], text: string): void;
  dismissNotice(id: number): void;
}

let nextNoticeId = 1;

export const createNoticesSlice: StateCreator<Full, [], [], NoticesSlice> = (set) => ({
  notices: [],
  notify(kind, text) {
    const id = nextNoticeId++;
    // The same message twice in a row is one notice: repeated failures should not flood the page.
    set((s) => (s.notices.at(-1)?.text === text ? s : { notices: [...s.notices.slice(-4), { id, kind, text }] }));
  },
  dismissNotice(id) {
    set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
  },
});
