// Search over page titles, headings and stages. The index is a JSON file written at build time,
// fetched the first time the box is used; matching happens here, in the page.

/** Enough hits to find a section, few enough to read at a glance. */
const MAX_HITS = 12;

const input = document.getElementById("search");
const list = document.getElementById("search-results");
const root = document.documentElement.dataset.root || "";
let index;
let selected = -1;

function loadIndex() {
  index ??= fetch(root + "search-index.json")
    .then((response) => response.json())
    .catch(() => []);
  return index;
}

/** Every word must appear; hits in a heading's start rank first, then headings, then page titles. */
function search(entries, query) {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const scored = [];
  for (const entry of entries) {
    const heading = (entry.heading || "").toLowerCase();
    const page = entry.page.toLowerCase();
    const haystack = `${heading} ${page} ${entry.section.toLowerCase()}`;
    if (!words.every((w) => haystack.includes(w))) continue;
    let score = 3;
    if (heading.startsWith(words[0])) score = 0;
    else if (words.every((w) => heading.includes(w))) score = 1;
    else if (!entry.heading && words.every((w) => page.includes(w))) score = 2;
    scored.push({ entry, score });
  }
  return scored
    .sort((a, b) => a.score - b.score)
    .slice(0, MAX_HITS)
    .map((s) => s.entry);
}

/** Text with the query's words wrapped in <mark>, built from nodes so no markup gets in. */
function highlighted(text, words) {
  const span = document.createElement("span");
  const pattern = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
  let last = 0;
  for (const match of pattern ? text.matchAll(new RegExp(pattern, "gi")) : []) {
    span.append(text.slice(last, match.index));
    const mark = document.createElement("mark");
    mark.textContent = match[0];
    span.append(mark);
    last = match.index + match[0].length;
  }
  span.append(text.slice(last));
  return span;
}

function render(hits, query) {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  list.replaceChildren();
  selected = -1;
  if (hits.length === 0) {
    const none = document.createElement("li");
    none.className = "no-hits";
    none.textContent = "Nothing matches.";
    list.append(none);
  }
  for (const hit of hits) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = root + hit.url;
    const heading = highlighted(hit.heading || hit.page, words);
    heading.className = "hit-heading";
    const page = document.createElement("span");
    page.className = "hit-page";
    page.textContent = hit.heading ? hit.page : hit.section;
    link.append(heading, page);
    item.append(link);
    list.append(item);
  }
  list.hidden = false;
}

function select(step) {
  const links = [...list.querySelectorAll("a")];
  if (links.length === 0) return;
  selected = (selected + step + links.length) % links.length;
  for (const [i, link] of links.entries()) link.setAttribute("aria-selected", String(i === selected));
  links[selected].scrollIntoView({ block: "nearest" });
}

input.addEventListener("focus", loadIndex);
input.addEventListener("input", async () => {
  const query = input.value.trim();
  if (!query) {
    list.hidden = true;
    return;
  }
  const entries = await loadIndex();
  if (input.value.trim() === query) render(search(entries, query), query);
});
input.addEventListener("keydown", (event) => {
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    event.preventDefault();
    select(event.key === "ArrowDown" ? 1 : -1);
  } else if (event.key === "Enter") {
    const link = list.querySelectorAll("a")[Math.max(selected, 0)];
    if (link && !list.hidden) link.click();
  } else if (event.key === "Escape") {
    list.hidden = true;
    input.blur();
  }
});
document.addEventListener("keydown", (event) => {
  // "/" jumps to the search box, as on many documentation sites.
  if (event.key === "/" && document.activeElement !== input && !event.ctrlKey && !event.metaKey) {
    event.preventDefault();
    input.focus();
  }
});
document.addEventListener("click", (event) => {
  if (!event.target.closest(".search")) list.hidden = true;
});
