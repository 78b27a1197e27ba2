import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { buildSearchIndex } from "./search-index.ts";
import { readCourse } from "./sources.ts";

const COURSE = fileURLToPath(new URL("./fixtures/course/", import.meta.url));
const beta = readCourse(COURSE).chapters.find((c) => c.dir === "02-beta")!;

const index = buildSearchIndex([
  {
    title: "02 · Beta",
    url: "chapters/02-beta.html",
    section: "Part I — microfast",
    chapter: beta,
    headings: [
      { level: 1, text: "02 · Beta", id: "02--beta" },
      { level: 2, text: "The spec you will implement", id: "the-spec-you-will-implement" },
      { level: 3, text: "The request line", id: "the-request-line" },
      { level: 4, text: "A detail", id: "a-detail" },
    ],
  },
  { title: "Glossary", url: "docs/glossary.html", section: "Docs", headings: [] },
]);

test("every page is found by its title", () => {
  expect(index).toContainEqual({ page: "Glossary", url: "docs/glossary.html", section: "Docs" });
  expect(index).toContainEqual({ page: "02 · Beta", url: "chapters/02-beta.html", section: "Part I — microfast" });
});

test("section headings lead to their anchor; the title and minor headings are not repeated", () => {
  const headings = index.filter((e) => e.heading && !/^\d\d\.\d/.test(e.heading)).map((e) => [e.heading, e.url]);
  expect(headings).toEqual([
    ["The spec you will implement", "chapters/02-beta.html#the-spec-you-will-implement"],
    ["The request line", "chapters/02-beta.html#the-request-line"],
  ]);
});

test("a stage is found by the id and slug a failing check prints, and leads to its section", () => {
  expect(index).toContainEqual({
    page: "02 · Beta",
    heading: "02.2 target: Reads the target",
    url: "chapters/02-beta.html#the-spec-you-will-implement",
    section: "Part I — microfast",
  });
});
