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
  // TODO(08): split at ",", then each element at ";" (trim the parts); skip empty elements; the name lower-cased,
  // an ALIASES name mapped; a "q" parameter (any case) must match QVALUE or the element is dropped; weight 1 without
  // one; a name listed twice keeps its first weight (stage 08.6).
  throw new Error(`TODO(08): parseAcceptEncoding is not implemented (${value})`);
}

/** The coding to send: one of `available` (best first, the server's order of preference), or identity. */
export function negotiateEncoding(
  acceptEncoding: string | undefined,
  available: readonly Coding[],
): Coding | typeof IDENTITY {
  // TODO(08): no field → identity. Otherwise weigh each of `available` by its own weight, else the weight of "*",
  // else 0; the highest weight above 0 wins, the earliest on a tie. identity wins instead when none is acceptable,
  // or when the client gave identity a weight higher than the best coding's (stage 08.6).
  throw new Error(
    `TODO(08): negotiateEncoding is not implemented (Accept-Encoding: ${acceptEncoding}; ${available.join(", ")})`,
  );
}
