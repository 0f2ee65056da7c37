// The smoothing slider (debiased EMA β, as TensorBoard) and the log y-axis toggle shared by the curve plots.

export function SmoothingControls({ smoothing, setSmoothing, logY, setLogY }: {
  smoothing: number;
  setSmoothing(v: number): void;
  logY: boolean;
  setLogY(v: boolean): void;
}) {
  return (
    <div className="curve-controls">
      <label>
        Smoothing{' '}
        <input type="range" min={0} max={0.99} step={0.01} value={smoothing} aria-label="Smoothing"
          onChange={(e) => setSmoothing(Number(e.currentTarget.value))} />{' '}
        <output>{smoothing.toFixed(2)}</output>
      </label>
      <label>
        <input type="checkbox" checked={logY} onChange={(e) => setLogY(e.currentTarget.checked)} /> Log y-axis (losses)
      </label>
    </div>
  );
}
