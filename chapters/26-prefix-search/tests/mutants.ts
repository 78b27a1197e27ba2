// Mistakes a learner could make in chapter 26, each planted in the reference on its own.
// `pnpm test` grades each mutant's stage, which must fail (see docs/chapter-format.md#mutants).
import type { Mutant } from "../../../shared/course/mutants.ts";

const SUCCESSOR = "src/unamex/prefix/successor.ts";
const CURSOR = "src/unamex/prefix/cursor.ts";
const ARGUMENTS = "src/unamex/prefix/arguments.ts";
const PACKED = "src/unamex/prefix/packed-index.ts";
const REDIS = "src/unamex/prefix/redis-prefix.ts";
const POSTGRES = "src/unamex/prefix/postgres-prefix.ts";

export const MUTANTS: Mutant[] = [
  {
    stage: "26.1",
    file: SUCCESSOR,
    from: "  const points = Array.from(prefix, (char) => char.codePointAt(0) ?? 0);",
    to: "  const points = Array.from({ length: prefix.length }, (_, i) => prefix.charCodeAt(i));",
    what: "the successor bumps UTF-16 units: an astral character's low surrogate is bumped on its own",
  },
  {
    stage: "26.1",
    file: SUCCESSOR,
    from: "      points.push(last === BEFORE_SURROGATES ? AFTER_SURROGATES : last + 1);",
    to: "      points.push(last + 1);",
    what: "U+D7FF bumped to U+D800, a surrogate that no UTF-8 can spell",
  },
  {
    stage: "26.1",
    file: SUCCESSOR,
    from: "    if (last < MAX_CODE_POINT) {",
    to: "    if (last <= MAX_CODE_POINT) {",
    what: "U+10FFFF bumped past the last code point, where String.fromCodePoint throws",
  },
  {
    stage: "26.1",
    file: CURSOR,
    from: "  return { names, next: rows.length > limit && last !== undefined ? encodeCursor(last) : null };",
    to: "  return { names, next: rows.length >= limit && last !== undefined ? encodeCursor(last) : null };",
    what: "a cursor on a page that is exactly full: the walk ends with an empty page",
  },
  {
    stage: "26.2",
    file: PACKED,
    from: "    encoded.sort(compareBytes);",
    to: "    encoded.sort((a, b) => (DECODER.decode(a) < DECODER.decode(b) ? -1 : 1));",
    what: "the names sorted as JavaScript strings (UTF-16 order): astral characters land before U+E000–U+FFFF",
  },
  {
    stage: "26.2",
    file: PACKED,
    from: "      if (order < 0 || (strictly && order === 0)) low = middle + 1;",
    to: "      if (order < 0) low = middle + 1;",
    what: "the next page starts at the cursor's name, not after it: every page repeats the last name of the one before",
  },
  {
    stage: "26.2",
    file: PACKED,
    from: "      if (i > 0 && compareBytes(encoded[i - 1]!, encoded[i]!) === 0) continue;",
    to: "      if (i > 0 && encoded[i - 1] === encoded[i]) continue;",
    what: "duplicates compared as objects, so a name given twice is kept twice",
  },
  {
    stage: "26.2",
    file: PACKED,
    from: "    while (i < this.size && rows.length <= checked.limit && this.#startsWith(i, wanted)) {",
    to: "    while (i < this.size && rows.length < checked.limit && this.#startsWith(i, wanted)) {",
    what: "only limit names read: a page cannot know whether another follows",
  },
  {
    stage: "26.3",
    file: REDIS,
    from: `    const min = after === null ? \`[\${checked}\` : \`(\${after}\`;`,
    to: `    const min = after === null ? \`(\${checked}\` : \`(\${after}\`;`,
    what: "the range opened with ( : a name equal to the prefix is left out",
  },
  {
    stage: "26.3",
    file: REDIS,
    from: `    const max = successor === null ? "+" : \`(\${successor}\`;`,
    to: `    const max = \`[\${checked}\\xff\`;`,
    what: 'the upper bound written as prefix + "\\xff": a name with a character past U+00FF after the prefix is missed',
  },
  {
    stage: "26.3",
    file: REDIS,
    from: "      batch.push(0, name);",
    to: "      batch.push(name.length, name);",
    what: "each name scored by its length: the set is ordered by score first, and ZRANGEBYLEX reads nonsense",
  },
  {
    stage: "26.4",
    file: POSTGRES,
    from: `CREATE TABLE IF NOT EXISTS \${PREFIX_TABLE} (name text COLLATE "C" PRIMARY KEY)`,
    to: `CREATE TABLE IF NOT EXISTS \${PREFIX_TABLE} (name text PRIMARY KEY)`,
    what: "the column in the database's default collation: its index is not in byte order",
  },
  {
    stage: "26.4",
    file: POSTGRES,
    from: `    const conditions = [after === null ? "name >= $1" : "name > $1"];\n    if (successor !== null) conditions.push(\`name < $\${values.push(successor)}\`);`,
    to: `    const conditions = [after === null ? "name >= $1" : "name > $1"];\n    if (successor !== null) conditions.push(\`left(name, \${[...checked].length}) = $\${values.push(checked)}\`);`,
    what: "the prefix tested with left(name, n) = prefix: a Filter on every row after the start, not a range",
  },
  {
    stage: "26.4",
    file: POSTGRES,
    from: `if (successor !== null) conditions.push(\`name < $\${values.push(successor)}\`);`,
    to: `if (successor !== null) conditions.push(\`name <= $\${values.push(successor)}\`);`,
    what: "the successor itself included: a name equal to it shows up in the prefix's page",
  },
  {
    stage: "26.5",
    file: REDIS,
    from: `    const min = after === null ? \`[\${checked}\` : \`(\${after}\`;`,
    to: `    const min = after === null ? \`[\${checked}\` : \`[\${after}\`;`,
    what: "the Redis page after a cursor starts at the cursor's name: the last name of a page comes back on the next",
  },
  {
    stage: "26.5",
    file: POSTGRES,
    from: '    const conditions = [after === null ? "name >= $1" : "name > $1"];',
    to: '    const conditions = [after === null ? "name >= $1" : "name >= $1"];',
    what: "the Postgres page after a cursor starts at the cursor's name",
  },
  {
    stage: "26.6",
    file: ARGUMENTS,
    from: "limit < 1 || limit > MAX_LIMIT)",
    to: "limit < 0 || limit > MAX_LIMIT)",
    what: "a limit of 0 accepted: a page of nothing, and a cursor that never moves",
  },
  {
    stage: "26.6",
    file: ARGUMENTS,
    from: "limit < 1 || limit > MAX_LIMIT)",
    to: "limit < 1 || limit > MAX_LIMIT + 1)",
    what: "the limit's bound off by one: 1,001 names accepted",
  },
  {
    stage: "26.6",
    file: CURSOR,
    from: "  if (!name.startsWith(prefix))",
    to: "  if (name.length === 0)",
    what: "a cursor of another search accepted: the page starts wherever that search ended",
  },
  {
    stage: "26.6",
    file: CURSOR,
    from: '  if (bytes.toString("base64url") !== cursor)',
    to: "  if (bytes.length === 0)",
    what: "a cursor decoded however sloppily Node decodes base64: a misspelt cursor is taken for another",
  },
];
