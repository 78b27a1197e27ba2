// Relative links between the course's files, rewritten to the site's pages. A lesson is written
// for GitHub (links to README.md files and source files); on the site those become page links,
// source pages and copied files. A link that leads nowhere is a build error with file and line.
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { Token } from "markdown-it";
import { relativeUrl } from "./html.ts";

/** A markdown file that became a page: where it lives on the site and its heading ids. */
export interface PageRef {
  url: string;
  anchors: Set<string>;
}

/** How a linked file that is not a page reaches the site. */
export type FileKind = "raw" | "source";

export interface LinkContext {
  root: string;
  /** The markdown file whose links are rewritten (absolute). */
  file: string;
  /** Every markdown page of the site, by absolute file path. */
  pages: Map<string, PageRef>;
  /** Collected for the build: linked files by repository path, copied as-is or shown as source. */
  files: Map<string, FileKind>;
  /** "README.md:12: broken link docs/nope.md", one per problem. */
  problems: string[];
}

/** Where a link leads once resolved: a site URL, or a folder shown as its path. */
export type Resolved = { href: string } | { folder: string };

/** Served as files: pictures and anything that is not text. */
const RAW_EXTENSIONS = new Set([".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".ico", ".pdf"]);
/** Bytes read to tell text from binary: a NUL in the first 8 KiB means binary, as git decides. */
const BINARY_SNIFF_BYTES = 8192;

/** Rewrites every link and image of a parsed page in place; problems go to ctx.problems. */
export function rewriteLinks(tokens: Token[], ctx: LinkContext): void {
  // The line of the block being read: table cells carry none themselves, their row does.
  let blockLine = 0;
  for (const block of tokens) {
    if (block.map) blockLine = block.map[0];
    if (block.type !== "inline" || !block.children) continue;
    // Each line break inside a paragraph moves one line down from where the block starts.
    let line = blockLine + 1;
    let openFolder: Token | undefined;
    for (const token of block.children) {
      if (token.type === "softbreak" || token.type === "hardbreak") line++;
      if (token.type === "link_open" || token.type === "image") {
        const attr = token.type === "image" ? "src" : "href";
        const target = token.attrGet(attr);
        if (target === null) continue;
        const resolved = resolveLink(target, token.type === "image", line, ctx);
        if (resolved && "href" in resolved) token.attrSet(attr, resolved.href);
        if (resolved && "folder" in resolved && token.type === "link_open") {
          // A folder has no page: show its path, plainly not a link.
          token.tag = "span";
          token.attrs = [
            ["class", "repo-path"],
            ["title", `${resolved.folder} in the course repository`],
          ];
          openFolder = token;
        }
      }
      if (token.type === "link_close" && openFolder) {
        token.tag = "span";
        openFolder = undefined;
      }
    }
  }
}

/** Resolves one link target; undefined when it is broken (and the problem is recorded). */
export function resolveLink(target: string, isImage: boolean, line: number, ctx: LinkContext): Resolved | undefined {
  // Absolute URLs (https:, mailto:) and protocol-relative ones are left to the reader's browser.
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("//")) return { href: target };
  const from = relative(ctx.root, ctx.file).split(sep).join("/");
  const fail = (why: string): undefined => {
    ctx.problems.push(`${from}:${line}: ${isImage ? "missing image" : "broken link"} ${target}${why}`);
    return undefined;
  };
  const hashAt = target.indexOf("#");
  const pathPart = (hashAt === -1 ? target : target.slice(0, hashAt)).replace(/\?.*$/, "");
  const hash = hashAt === -1 ? undefined : target.slice(hashAt + 1);
  const here = ctx.pages.get(ctx.file);
  const fromUrl = here?.url ?? "index.html";

  if (pathPart === "") {
    if (hash !== undefined && here && !here.anchors.has(hash)) return fail(` (no heading #${hash} on this page)`);
    return { href: target };
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathPart);
  } catch {
    return fail(" (not a valid URL)");
  }
  // On GitHub a link starting with "/" is relative to the repository root.
  const absolute = decoded.startsWith("/") ? join(ctx.root, decoded) : resolve(dirname(ctx.file), decoded);
  const inCourse = relative(ctx.root, absolute);
  if (inCourse.startsWith("..") || isAbsolute(inCourse)) return fail(" (outside the course)");
  if (!existsSync(absolute)) return fail("");
  const repoPath = inCourse.split(sep).join("/");

  const pageFile = statSync(absolute).isDirectory() ? join(absolute, "README.md") : absolute;
  const page = ctx.pages.get(pageFile);
  if (page) {
    if (hash !== undefined && !page.anchors.has(hash)) {
      return fail(` (no heading #${hash} in ${relative(ctx.root, pageFile).split(sep).join("/")})`);
    }
    return { href: relativeUrl(fromUrl, page.url) + (hash === undefined ? "" : `#${hash}`) };
  }
  if (statSync(absolute).isDirectory()) return { folder: repoPath + "/" };
  const kind: FileKind =
    isImage || RAW_EXTENSIONS.has(extname(absolute).toLowerCase()) || isBinary(absolute) ? "raw" : "source";
  ctx.files.set(repoPath, kind);
  return { href: relativeUrl(fromUrl, fileUrl(repoPath, kind)) };
}

/** Where a linked file lives on the site: copied under files/, or shown on a page under source/. */
export function fileUrl(repoPath: string, kind: FileKind): string {
  return kind === "raw" ? `files/${repoPath}` : `source/${repoPath}.html`;
}

function isBinary(path: string): boolean {
  return readFileSync(path).subarray(0, BINARY_SNIFF_BYTES).includes(0);
}
