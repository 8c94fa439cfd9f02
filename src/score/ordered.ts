/**
 * Ordered concurrency over async streams: results in input order, at most `concurrency` items
 * in flight, so memory stays bounded whatever the stream's length, and a result is yielded as
 * soon as it and every earlier one are done (a slow source does not hold results back).
 */

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

const settle = <T>(p: Promise<T>): Promise<Settled<T>> =>
  p.then(
    (value) => ({ ok: true, value }) as const,
    (error: unknown) => ({ ok: false, error }) as const,
  );

function iteratorOf<T>(source: AsyncIterable<T> | Iterable<T>): AsyncIterator<T> | Iterator<T> {
  return Symbol.asyncIterator in source ? (source as AsyncIterable<T>)[Symbol.asyncIterator]() : (source as Iterable<T>)[Symbol.iterator]();
}

/**
 * `fn` applied to every input with at most `concurrency` calls pending, yielding results in
 * input order. A rejected call rejects the iteration at its place in the order (after every
 * earlier result); a failing source does the same after the results of the inputs it gave.
 * Stopping the iteration early closes the source.
 */
export async function* mapOrdered<T, R>(
  source: AsyncIterable<T> | Iterable<T>,
  fn: (item: T, index: number) => Promise<R> | R,
  concurrency: number,
): AsyncGenerator<R> {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive whole number, got ${concurrency}`);
  const it = iteratorOf(source);
  const queue: { result: Promise<Settled<R>> }[] = [];
  let next: Promise<Settled<IteratorResult<T>>> | undefined;
  let done = false;
  let sourceError: { error: unknown } | undefined;
  let index = 0;
  try {
    for (;;) {
      while (!done && queue.length < concurrency) {
        next ??= settle(Promise.resolve(it.next()));
        if (queue.length > 0) {
          // Take the next input only if it comes before the oldest result is ready.
          const first = await Promise.race([next.then(() => 'input' as const), queue[0]!.result.then(() => 'result' as const)]);
          if (first === 'result') break;
        }
        const n = await next;
        next = undefined;
        if (!n.ok) {
          done = true;
          sourceError = { error: n.error };
          break;
        }
        if (n.value.done) {
          done = true;
          break;
        }
        const item = n.value.value;
        const i = index++;
        let result: Promise<R>;
        try {
          result = Promise.resolve(fn(item, i));
        } catch (err) {
          result = Promise.reject(err);
        }
        queue.push({ result: settle(result) });
      }
      const head = queue.shift();
      if (!head) break;
      const r = await head.result;
      if (!r.ok) throw r.error;
      yield r.value;
    }
    if (sourceError) throw sourceError.error;
  } finally {
    // Close the source when stopped early; not awaited, since it may be waiting for input.
    if (!done) Promise.resolve(it.return?.()).catch(() => undefined);
  }
}

/**
 * Group a stream into arrays of up to `max` items, without waiting for a slow source: a batch
 * is closed as soon as the next item is not already available (by the next turn of the event
 * loop), so a fast source gives full batches and a trickle gives results at once.
 */
export async function* batched<T>(source: AsyncIterable<T>, max: number): AsyncGenerator<T[]> {
  const it = source[Symbol.asyncIterator]();
  let next: Promise<Settled<IteratorResult<T>>> | undefined;
  let batch: T[] = [];
  let finished = false;
  try {
    for (;;) {
      next ??= settle(it.next());
      let n: Settled<IteratorResult<T>>;
      if (batch.length === 0) n = await next;
      else {
        const tick = new Promise<'tick'>((resolve) => setImmediate(resolve, 'tick'));
        const first = await Promise.race([next, tick]);
        if (first === 'tick') {
          yield batch;
          batch = [];
          continue;
        }
        n = first;
      }
      next = undefined;
      if (!n.ok) {
        finished = true;
        if (batch.length) yield batch;
        throw n.error;
      }
      if (n.value.done) {
        finished = true;
        if (batch.length) yield batch;
        return;
      }
      batch.push(n.value.value);
      if (batch.length >= max) {
        yield batch;
        batch = [];
      }
    }
  } finally {
    if (!finished) Promise.resolve(it.return?.()).catch(() => undefined);
  }
}
