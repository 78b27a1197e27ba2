// Module resolution hooks (node:module register) for programs the checks start: "@lab/…"
// resolves inside the tree under grade, exactly as the vitest alias does for the check files.
// Plain JavaScript: hooks run on a loader thread of their own, before any TypeScript loader.
let root;

export function initialize(data) {
  root = data.root;
}

export function resolve(specifier, context, nextResolve) {
  if (specifier.startsWith("@lab/")) return nextResolve(new URL(specifier.slice("@lab/".length), root).href, context);
  return nextResolve(specifier, context);
}
