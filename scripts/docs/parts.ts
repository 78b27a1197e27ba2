// The three parts of the course, as the sidebar and the home page name them.
import { PART_TITLES, type Project } from "../../shared/course/chapters.ts";

export interface PartLabel {
  /** "Part I — microfast" */
  title: string;
  /** "an HTTP framework from raw TCP" */
  subtitle: string;
}

/** Splits "Part I — microfast: an HTTP framework from raw TCP" at its first colon. */
export function partLabel(project: Project): PartLabel {
  const full = PART_TITLES[project] ?? project;
  const colon = full.indexOf(":");
  return colon === -1
    ? { title: full, subtitle: "" }
    : { title: full.slice(0, colon).trim(), subtitle: full.slice(colon + 1).trim() };
}
