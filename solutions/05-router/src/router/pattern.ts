// Route patterns: "/users/{id:int}/posts" becomes a list of segments the router can insert
// into its tree. Patterns are checked here, once, at registration — a mistake in a pattern is
// the programmer's, so it fails at startup with a message, never later on a request.
import type { ParamType } from "./param-types.ts";

/** One segment of a pattern: literal text, a parameter, or the wildcard tail. */
export type PatternSegment =
  | { readonly kind: "static"; readonly text: string }
  | { readonly kind: "param"; readonly name: string; readonly type: "str" | "int" }
  | { readonly kind: "wildcard"; readonly name: string };

/** A parameter name is an identifier, so it can become a JavaScript property name. */
const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PARAM_TYPES: readonly ParamType[] = ["str", "int", "path"];

export class PatternError extends Error {
  override readonly name = "PatternError";
}

/**
 * Splits a pattern at "/" and reads each segment. A pattern is written as the decoded text a
 * request's segments decode to: "/café" matches a request for "/caf%C3%A9".
 */
export function parsePattern(pattern: string): PatternSegment[] {
  if (!pattern.startsWith("/")) throw new PatternError(`the pattern ${JSON.stringify(pattern)} must start with "/"`);
  const parts = pattern.slice(1).split("/");
  const names = new Set<string>();
  return parts.map((part, index) => {
    const segment = parseSegment(pattern, part);
    if (segment.kind === "static") return segment;
    if (names.has(segment.name))
      throw new PatternError(`the pattern ${pattern} uses the parameter name "${segment.name}" twice`);
    names.add(segment.name);
    // A wildcard takes everything after it, so nothing can follow it.
    if (segment.kind === "wildcard" && index !== parts.length - 1) {
      throw new PatternError(
        `in ${pattern}, {${segment.name}:path} takes the rest of the path, so it must be the last segment`,
      );
    }
    return segment;
  });
}

function parseSegment(pattern: string, part: string): PatternSegment {
  const opens = part.includes("{");
  const closes = part.includes("}");
  if (!opens && !closes) return { kind: "static", text: part };
  // Only whole segments are parameters: "/files/{name}.txt" would need the router to guess
  // where a parameter ends inside a segment, which is what makes regex routers slow.
  if (
    !part.startsWith("{") ||
    !part.endsWith("}") ||
    part.indexOf("{", 1) !== -1 ||
    part.indexOf("}") !== part.length - 1
  ) {
    throw new PatternError(
      `in ${pattern}, the segment "${part}" must be either plain text or one whole parameter like {id} or {id:int}`,
    );
  }
  const [name = "", type = "str", ...extra] = part.slice(1, -1).split(":");
  if (!PARAM_NAME.test(name) || extra.length > 0) {
    throw new PatternError(
      `in ${pattern}, "${part}" is not a parameter: write {name} or {name:type}, the name a letter or _ then letters, digits or _`,
    );
  }
  if (!isParamType(type)) {
    throw new PatternError(
      `in ${pattern}, {${name}:${type}} has an unknown type; the types are ${PARAM_TYPES.join(", ")}`,
    );
  }
  return type === "path" ? { kind: "wildcard", name } : { kind: "param", name, type };
}

function isParamType(text: string): text is ParamType {
  return (PARAM_TYPES as readonly string[]).includes(text);
}
