// Validation shared by the metrics. Metrics run once per evaluated image/batch, so an O(N) check of the
// inputs is cheap next to the metric itself and turns silent garbage (a 0–255 mask, a NaN score) into
// an error that says which argument, which index and what was found.

export function checkSameLength(fn: string, aName: string, a: ArrayLike<unknown>, bName: string, b: ArrayLike<unknown>): void {
  if (a.length !== b.length) {
    throw new Error(`${fn}: ${aName} has length ${a.length} but ${bName} has length ${b.length}`);
  }
}

/** Every entry must be exactly 0 or 1 (binary labels or binary mask pixels). */
export function checkBinary(fn: string, name: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== 0 && v !== 1) {
      throw new Error(`${fn}: ${name}[${i}] = ${String(v)}; expected 0 or 1`);
    }
  }
}

export function checkNotNaN(fn: string, name: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i])) throw new Error(`${fn}: ${name}[${i}] is NaN`);
  }
}

export function checkFinite(fn: string, name: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) throw new Error(`${fn}: ${name}[${i}] = ${v}; expected a finite number`);
  }
}

/** width and height are positive integers and `name` holds exactly width·height pixels. */
export function checkImage(fn: string, name: string, values: ArrayLike<unknown>, width: number, height: number): void {
  if (!Number.isInteger(width) || width < 1 || !Number.isInteger(height) || height < 1) {
    throw new Error(`${fn}: width and height must be positive integers, got ${width}×${height}`);
  }
  if (values.length !== width * height) {
    throw new Error(`${fn}: ${name} has length ${values.length} but width×height = ${width}×${height} = ${width * height}`);
  }
}
