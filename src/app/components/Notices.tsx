// Notices as toasts at the bottom right, under the section on screen (issue 9, item 5). Confirmations dismiss
// themselves after a few seconds (not while the pointer or keyboard focus is on them); warnings and errors
// stay until dismissed with ×. A notice raised in another section (e.g. a run failing while the viewer is
// shown) names that section and links to it.
import { useEffect, useRef, useState } from 'react';
import { useStore } from '../store';
import { NOTICE_AUTO_DISMISS_MS, autoDismisses, type Notice } from '../store/notices-slice';
import { SECTIONS, type SectionId } from '../sections';

const KIND_LABEL: Record<Notice['kind'], string> = { info: 'Done', warning: 'Warning', error: 'Error' };

function Toast({ notice, current, onShow }: { notice: Notice; current: SectionId; onShow(id: SectionId): void }) {
  const dismiss = useStore((s) => s.dismissNotice);
  const [held, setHeld] = useState(false);
  const auto = autoDismisses(notice.kind);
  useEffect(() => {
    if (!auto || held) return;
    const timer = setTimeout(() => dismiss(notice.id), NOTICE_AUTO_DISMISS_MS);
    return () => clearTimeout(timer);
  }, [auto, held, dismiss, notice.id]);
  const from = notice.section !== current ? SECTIONS.find((s) => s.id === notice.section) : undefined;
  const focusInside = useRef(false);
  return (
    <div
      className={`toast toast-${notice.kind}`}
      role={notice.kind === 'error' ? 'alert' : 'status'}
      data-kind={notice.kind}
      onPointerEnter={() => setHeld(true)}
      onPointerLeave={() => setHeld(focusInside.current)}
      onFocus={() => {
        focusInside.current = true;
        setHeld(true);
      }}
      onBlur={() => {
        focusInside.current = false;
        setHeld(false);
      }}
    >
      <span className="toast-kind">{KIND_LABEL[notice.kind]}</span>
      <span className="toast-text">
        {notice.text}
        {from && (
          <>
            {' '}
            <button type="button" className="link" onClick={() => onShow(from.id)}>
              (in {from.title})
            </button>
          </>
        )}
      </span>
      <button type="button" className="toast-close" aria-label="Dismiss" title="Dismiss" onClick={() => dismiss(notice.id)}>
        ×
      </button>
    </div>
  );
}

export function Notices({ section, onShow }: { section: SectionId; onShow(id: SectionId): void }) {
  const notices = useStore((s) => s.notices);
  return (
    <div className="notices" aria-live="polite" aria-label="Notifications" data-testid="notices">
      {notices.map((n) => (
        <Toast key={n.id} notice={n} current={section} onShow={onShow} />
      ))}
    </div>
  );
}
