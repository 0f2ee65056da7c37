// Bounded concurrency that hands results back in input order. Several images are decoded at once
// (createImageBitmap decodes on the browser's own threads, file reads wait on I/O), but results are
// consumed in order so "the first copy of a duplicate is kept" means the first in the plan.

/** Yields `[item, result]` in input order with at most `limit` calls of `fn` in flight. */
export async function* orderedPool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): AsyncGenerator<[T, R]> {
  const width = Math.max(1, Math.floor(limit));
  const inflight: Promise<R>[] = [];
  let next = 0;
  const launch = () => {
    const item = items[next++] as T;
    const p = fn(item);
    // Results of items we stop waiting for (after a cancel) must not surface as unhandled rejections.
    p.catch(() => undefined);
    inflight.push(p);
  };
  while (next < items.length && inflight.length < width) launch();
  for (let i = 0; i < items.length; i++) {
    const result = await (inflight.shift() as Promise<R>);
    if (next < items.length) launch();
    yield [items[i] as T, result];
  }
}
