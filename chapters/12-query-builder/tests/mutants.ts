// Mistakes a learner could make in chapter 12, each planted in the reference on its own.
// `pnpm test` grades each mutant's stage, which must fail (see docs/chapter-format.md#mutants).
import type { Mutant } from "../../../shared/course/mutants.ts";

export const MUTANTS: Mutant[] = [
  {
    stage: "12.1",
    file: "src/tinyorm/query/identifiers.ts",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the row quotes a template literal of the file
    from: 'return `"${name.replaceAll(\'"\', \'""\')}"`;',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: as above
    to: 'return `"${name}"`;',
    what: "a name put between double quotes without doubling the quotes inside it",
  },
  {
    stage: "12.1",
    file: "src/tinyorm/query/identifiers.ts",
    from: 'const bytes = Buffer.byteLength(name, "utf8");',
    to: "const bytes = name.length;",
    what: "an identifier's length counted in UTF-16 code units, where the server counts bytes",
  },
  {
    stage: "12.1",
    file: "src/tinyorm/query/identifiers.ts",
    from: 'return parts.map(quoteIdentifier).join(".");',
    to: 'return parts.join(".").split(".").map(quoteIdentifier).join(".");',
    what: 'a dot inside a name read as a separator: the table "app.users" becomes app.users',
  },
  {
    stage: "12.1",
    file: "src/tinyorm/query/expressions.ts",
    from: 'return current.kind === "and" ? and(...current.operands, next) : and(current, next);',
    to: "return and(current, next);",
    what: "where() three times nests pairs of ANDs instead of one flat AND",
  },
  {
    stage: "12.2",
    file: "src/tinyorm/query/compile.ts",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the row quotes a template literal of the file
    from: 'return node.kind === "and" || node.kind === "or" ? `(${sql})` : sql;',
    to: "return sql;",
    what: "an OR inside an AND written without parentheses, so AND binds first",
  },
  {
    stage: "12.2",
    file: "src/tinyorm/query/compile.ts",
    from: 'if (node.operands.length === 0) return node.kind === "and" ? "TRUE" : "FALSE";',
    to: 'if (node.operands.length === 0) return "TRUE";',
    what: "an OR of no conditions read as TRUE: or() matches every row",
  },
  {
    stage: "12.3",
    file: "src/tinyorm/query/compile.ts",
    from: '        if (node.values.length === 0) return node.negated ? "TRUE" : "FALSE";\n',
    to: "",
    what: "an empty IN list compiled as IN (), which is a syntax error",
  },
  {
    stage: "12.3",
    file: "src/tinyorm/query/expressions.ts",
    from: 'return text.replace(/[\\\\%_]/g, "\\\\$&");',
    to: 'return text.replace(/[%_]/g, "\\\\$&");',
    what: "LIKE's escape character itself left unescaped: a backslash in the text escapes what follows",
  },
  {
    stage: "12.3",
    file: "src/tinyorm/query/column.ts",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the row quotes a template literal of the file
    from: "pattern: valueNode(`${escapeLike(prefix)}%`)",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: as above
    to: "pattern: valueNode(`${prefix}%`)",
    what: "startsWith() sends the prefix as a pattern: its % and _ match anything",
  },
  {
    stage: "12.3",
    file: "src/tinyorm/query/column.ts",
    from: "    if (value === null || value === undefined) {\n",
    to: "    if (value === undefined) {\n",
    what: "eq(null) compiled to = NULL, which is never true, instead of refused",
  },
  {
    stage: "12.4",
    file: "src/tinyorm/query/compile.ts",
    from: "const table = node.table.alias === undefined ? quoteQualified(node.table.name) : quoteIdentifier(node.table.alias);",
    to: "const table = quoteQualified(node.table.name);",
    what: "columns of an aliased table qualified by the table's name: a self-join compares a row with itself",
  },
  {
    stage: "12.4",
    file: "src/tinyorm/query/compile.ts",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the row quotes a template literal of the file
    from: 'const nulls = node.nulls === undefined ? "" : ` ${keyword(NULLS, node.nulls, "nulls order")}`;',
    to: 'const nulls = "";',
    what: "NULLS FIRST and NULLS LAST dropped: NULLs go where PostgreSQL's default puts them",
  },
  {
    stage: "12.4",
    file: "src/tinyorm/query/compile.ts",
    from: 'left: "LEFT JOIN"',
    to: 'left: "INNER JOIN"',
    what: "leftJoin() written as an inner join: rows without a match disappear",
  },
  {
    stage: "12.4",
    file: "src/tinyorm/query/select.ts",
    from: "if (!whole || count < 0)",
    to: "if (!whole)",
    what: "a negative LIMIT or OFFSET accepted, for the server to refuse",
  },
  {
    stage: "12.5",
    file: "src/tinyorm/query/insert.ts",
    from: "const widened = this.node.rows.map((row) => [...row, ...columns.slice(row.length).map(() => DEFAULT)]);",
    to: "const widened = this.node.rows;",
    what: "rows added before a new column appeared left short instead of given DEFAULT",
  },
  {
    stage: "12.5",
    file: "src/tinyorm/query/insert.ts",
    from: 'return value === undefined ? DEFAULT : valueNode(value as ValueNode["value"]);',
    to: 'return valueNode((value ?? null) as ValueNode["value"]);',
    what: "a column a row leaves out sent as NULL instead of DEFAULT: the server's defaults never apply",
  },
  {
    stage: "12.5",
    file: "src/tinyorm/query/insert.ts",
    from: "const returning = selections.length === 0 ? allColumns(this.#table) : selectionNodes(selections);",
    to: "const returning = selectionNodes(selections);",
    what: "returning() with no columns returns nothing instead of every column",
  },
  {
    stage: "12.6",
    file: "src/tinyorm/query/nodes.ts",
    from: '    for (const child of Object.values(node)) if (typeof child === "object" && child !== null) frozen(child);\n',
    to: "",
    what: "Object.freeze alone: shallow, so a node's lists can still be pushed onto",
  },
  {
    stage: "12.6",
    file: "src/tinyorm/query/nodes.ts",
    from: 'if (!("kind" in node && node.kind === "value")) {',
    to: "{",
    what: "a value node's value frozen with the tree: the caller's array is frozen, a Uint8Array throws",
  },
  {
    stage: "12.7",
    file: "src/tinyorm/query/split.ts",
    from: "if (count + params > MAX_PARAMETERS) {",
    to: "if (count + params >= MAX_PARAMETERS) {",
    what: "a statement closed one parameter early: exactly 65,535 parameters split in two",
  },
  {
    stage: "12.7",
    file: "src/tinyorm/query/split.ts",
    from: 'const params = row.filter((cell) => cell.kind === "value").length;',
    to: "const params = row.length;",
    what: "a DEFAULT counted as a parameter: statements cut far below the limit",
  },
  {
    stage: "12.7",
    file: "src/tinyorm/query/compile.ts",
    from: "  if (compiler.params.length > MAX_PARAMETERS) throw new ParameterLimitError(compiler.params.length, MAX_PARAMETERS);\n",
    to: "",
    what: "no limit in compile(): 70,000 parameters sent, their count wrapped to 4,464 by the Int16",
  },
  {
    stage: "12.8",
    file: "src/tinyorm/query/compile.ts",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the row quotes a template literal of the file
    from: "  if (!Object.hasOwn(table, key)) throw new QueryError(`${JSON.stringify(key)} is not a ${what}`);\n",
    to: "",
    what: "a keyword not checked against its table: a forged node's text becomes undefined in the SQL",
  },
  {
    stage: "12.8",
    file: "src/tinyorm/query/compile.ts",
    from: 'keyword(DIRECTIONS, node.direction, "direction")',
    to: "node.direction.toUpperCase()",
    what: "ORDER BY's direction written from the node's text: a direction from a request becomes SQL",
  },
  {
    stage: "12.8",
    file: "src/tinyorm/query/compile.ts",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the row quotes a template literal of the file
    from: "`${this.column(s.column)} AS ${quoteIdentifier(s.alias)}`",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: as above
    to: '`${this.column(s.column)} AS "${s.alias}"`',
    what: "an alias put between quotes without doubling its own (Django CVE-2022-28346)",
  },
  {
    stage: "12.8",
    file: "src/tinyorm/query/insert.ts",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the row quotes a template literal of the file
    from: "        if (!declared.has(key)) throw new QueryError(`${JSON.stringify(key)} is not a column of this table`);\n",
    to: "",
    what: "the keys of a request body taken as column names without checking the table declares them",
  },
];
