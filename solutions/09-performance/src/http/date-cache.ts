// The Date field of every response (RFC 9110 §6.6.1) counts whole seconds, so every response
// sent within one second carries the same text. Formatting it — a Date object and
// toUTCString() — is one of the costliest steps of a small response; doing it once per second
// instead of once per response is what nginx and Node's own server do.

let second = -1;
let text = "";

/** The current time as an IMF-fixdate, formatted at most once per second. */
export function currentHttpDate(): string {
  const now = Math.floor(Date.now() / 1000);
  if (now !== second) {
    second = now;
    text = new Date(now * 1000).toUTCString();
  }
  return text;
}
