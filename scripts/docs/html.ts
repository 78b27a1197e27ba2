// The few HTML helpers the templates share. Pages are built from strings: every value that
// comes from a file (titles, goals, stage names) goes through escapeHtml on its way in.

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** The path from one site page to another, both given from the site root ("docs/x.html"). */
export function relativeUrl(fromPage: string, toPath: string): string {
  const depth = fromPage.split("/").length - 1;
  return "../".repeat(depth) + toPath;
}

/** The prefix that leads from a page back to the site root: "" or "../" or "../../". */
export function rootPrefix(page: string): string {
  return relativeUrl(page, "");
}
