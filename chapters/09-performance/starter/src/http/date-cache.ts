// The Date field of every response (RFC 9110 §6.6.1) counts whole seconds, so every response
// sent within one second carries the same text. Formatting it — a Date object and
// toUTCString() — is one of the costliest steps of a small response; doing it once per second
// instead of once per response is what nginx and Node's own server do.

// TODO(09): keep, here in the module, the second you formatted last and its text.

/** The current time as an IMF-fixdate, formatted at most once per second. */
export function currentHttpDate(): string {
  // TODO(09): read the clock with Date.now() (cheap: no object) and take its second,
  // Math.floor(now / 1000). Only when it differs from the second you kept — later, or earlier
  // after the clock was set back — make new Date(second * 1000).toUTCString() and keep both.
  // Until then, every call makes and formats a Date of its own.
  return new Date().toUTCString();
}
