// Which content coding to send (RFC 9110 §12.5.3). The client lists the codings it can decode,
// each with a weight, a q-value from 0 to 1 (§12.4.2); the server picks the best one it can
// produce, and on a tie its own favourite.
//
//   Accept-Encoding: gzip;q=1.0, br;q=0.8, *;q=0.1, identity;q=0.5
//                    └───┬────┘  └──┬───┘  └──┬──┘  └──────┬──────┘
//                      best      good    any other   no coding at all: better than any other,
//                                         coding      worse than gzip or br
//
// q=0 means "not acceptable". A coding that is not listed gets the weight of "*", and is not
// acceptable when there is no "*". identity — the content as it is — stays acceptable unless
// the client excludes it; when no coding is acceptable, microfast sends it anyway, as §12.5.3
// suggests and most servers do, rather than answer 406.

/** The codings microfast can produce with node:zlib. */
export type Coding = "br" | "gzip" | "deflate";
export const IDENTITY = "identity";

/** qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ) */
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/** Old names that mean the same coding (RFC 9110 §8.4.1.3). */
const ALIASES: Readonly<Record<string, string>> = { "x-gzip": "gzip" };

/** The weight of each coding an Accept-Encoding value lists, by lower-case name ("*" included). */
export function parseAcceptEncoding(value: string): Map<string, number> {
  const weights = new Map<string, number>();
  for (const element of value.split(",")) {
    const [name = "", ...parameters] = element.split(";").map((part) => part.trim());
    // Empty list elements are allowed and ignored (RFC 9110 §5.6.1).
    if (name === "") continue;
    let weight = 1;
    for (const parameter of parameters) {
      const [key = "", text = ""] = parameter.split("=").map((part) => part.trim());
      if (key.toLowerCase() !== "q") continue;
      // A weight that is not a qvalue makes the element unreadable: it is dropped, not guessed at.
      weight = QVALUE.test(text) ? Number(text) : Number.NaN;
    }
    const coding = ALIASES[name.toLowerCase()] ?? name.toLowerCase();
    // A coding listed twice keeps its first weight.
    if (!Number.isNaN(weight) && !weights.has(coding)) weights.set(coding, weight);
  }
  return weights;
}

/** The coding to send: one of `available` (best first, the server's order of preference), or identity. */
export function negotiateEncoding(
  acceptEncoding: string | undefined,
  available: readonly Coding[],
): Coding | typeof IDENTITY {
  // No Accept-Encoding: the client states no preference, and identity is what every client reads.
  if (acceptEncoding === undefined) return IDENTITY;
  const weights = parseAcceptEncoding(acceptEncoding);
  const anyOther = weights.get("*") ?? 0;
  let best: Coding | undefined;
  let bestWeight = 0;
  for (const coding of available) {
    const weight = weights.get(coding) ?? anyOther;
    // Strictly greater: on a tie the earlier coding, the server's preference, stays.
    if (weight > bestWeight) [best, bestWeight] = [coding, weight];
  }
  // identity competes only when the client gave it a weight; unlisted, it is the fallback.
  const identity = weights.get(IDENTITY);
  if (best === undefined || (identity !== undefined && identity > bestWeight)) return IDENTITY;
  return best;
}
