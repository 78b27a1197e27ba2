// Synchronous fast paths. Most handlers answer at once — a string, an object — and most
// requests pass through middleware that has nothing to wait for. Written with async/await end
// to end, each of those requests would still pay for a promise per layer and a turn of the
// microtask queue per await; with AsyncLocalStorage on (chapter 07), each promise also runs a
// hook. A value that may or may not be a promise lets every layer go on at once when it can,
// and wait only when something really is pending.
//
//   handler returns "Hello" ──► andThen(value, toResponse) ──► toResponse("Hello") now, no promise
//   handler returns a promise ─► andThen(promise, toResponse) ─► promise.then(toResponse)

export type MaybePromise<T> = T | Promise<T>;

/** `fn` applied to `value`: now when it is a plain value, once it resolves when it is a promise. */
export function andThen<T, R>(value: MaybePromise<T>, fn: (value: T) => MaybePromise<R>): MaybePromise<R> {
  return value instanceof Promise ? value.then(fn) : fn(value);
}

/** `fn()`, with a throw and a rejection both handed to `onError`: try/catch for code that may or may not wait. */
export function recover<T>(fn: () => MaybePromise<T>, onError: (error: unknown) => MaybePromise<T>): MaybePromise<T> {
  let value: MaybePromise<T>;
  try {
    value = fn();
  } catch (error) {
    return onError(error);
  }
  return value instanceof Promise ? value.catch(onError) : value;
}
