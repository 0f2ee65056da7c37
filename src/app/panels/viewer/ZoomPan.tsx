// Zoom and pan for the image panes: wheel zooms about the cursor, dragging pans, buttons step and reset.
// One transform is shared by every pane (side by side stays aligned); it is CSS only, nothing is redrawn.
import { useEffect, useRef, type CSSProperties, type PointerEvent as ReactPointerEvent, type ReactNode } from 'react';

export interface View {
  zoom: number;
  x: number;
  y: number;
}

export const HOME: View = { zoom: 1, x: 0, y: 0 };
const MIN_ZOOM = 1;
const MAX_ZOOM = 16;

/** Zooms by `factor` keeping the point (px, py) of the pane (pane pixels) fixed. */
export function zoomAbout(v: View, factor: number, px: number, py: number): View {
  const zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, v.zoom * factor));
  const k = zoom / v.zoom;
  if (zoom === MIN_ZOOM) return HOME;
  return { zoom, x: px - (px - v.x) * k, y: py - (py - v.y) * k };
}

export function ZoomPane({ view, onView, children, label, style }: { view: View; onView: (v: View) => void; children: ReactNode; label: string; style?: CSSProperties }) {
  const drag = useRef<{ id: number; x: number; y: number; start: View } | null>(null);

  const pane = useRef<HTMLDivElement>(null);
  const latest = useRef({ view, onView });
  latest.current = { view, onView };

  // React's wheel listeners are passive (cannot stop the page from scrolling): a native one is not.
  useEffect(() => {
    const el = pane.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const r = el.getBoundingClientRect();
      const { view: v, onView: set } = latest.current;
      set(zoomAbout(v, e.deltaY < 0 ? 1.25 : 0.8, e.clientX - r.left, e.clientY - r.top));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);

  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (view.zoom === 1) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { id: e.pointerId, x: e.clientX, y: e.clientY, start: view };
  };
  const onPointerMove = (e: ReactPointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d || d.id !== e.pointerId) return;
    onView({ ...d.start, x: d.start.x + e.clientX - d.x, y: d.start.y + e.clientY - d.y });
  };
  const onPointerUp = () => {
    drag.current = null;
  };

  return (
    <div
      className={`zoom-pane${view.zoom > 1 ? ' zoomed' : ''}`}
      ref={pane}
      style={style}
      aria-label={label}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
    >
      <div className="zoom-content" style={{ transform: `translate(${view.x}px, ${view.y}px) scale(${view.zoom})` }}>
        {children}
      </div>
    </div>
  );
}
