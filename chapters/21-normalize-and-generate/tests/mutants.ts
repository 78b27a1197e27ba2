// Mistakes a learner could make in chapter 21, each planted in the reference on its own.
// `pnpm test` grades each mutant's stage, which must fail (see docs/chapter-format.md#mutants).
import type { Mutant } from "../../../shared/course/mutants.ts";

const CASE_FOLD = "src/unamex/normalize/case-fold.ts";
const MAPPING = "src/unamex/normalize/mapping.ts";
const ALLOWED = "src/unamex/normalize/allowed.ts";
const SKELETON = "src/unamex/normalize/skeleton.ts";
const CONFUSABLES = "src/unamex/normalize/confusables.ts";
const SEPARATORS = "src/unamex/normalize/separators.ts";
const RESERVED = "src/unamex/normalize/reserved.ts";
const GENERATOR = "src/unamex/generate/generator.ts";
const PROGRESS = "src/unamex/generate/progress.ts";
const ZIPF = "src/unamex/generate/zipf.ts";

export const MUTANTS: Mutant[] = [
  {
    stage: "21.1",
    file: CASE_FOLD,
    from: `  let folded = "";
  for (const char of text) folded += FULL_FOLDING.get(char) ?? char.toLowerCase();
  return folded;`,
    to: "  return text.toLowerCase();",
    what: "toLowerCase() taken for case folding: ß stays ß, and a final Σ becomes ς",
  },
  {
    stage: "21.1",
    file: CASE_FOLD,
    from: String.raw`  ["\u00DF", "ss"], // ß  F: LATIN SMALL LETTER SHARP S`,
    to: "",
    what: "ß left out of the table: Straße and STRASSE are two names",
  },
  {
    stage: "21.1",
    file: CASE_FOLD,
    from: String.raw`  ["\u03C2", "\u03C3"], // ς  C: GREEK SMALL LETTER FINAL SIGMA → σ`,
    to: "",
    what: "final sigma not folded: οδος and ΟΔΟΣ are two names",
  },
  {
    stage: "21.1",
    file: MAPPING,
    from: `return caseFold(input.normalize("NFKC")).normalize("NFKC");`,
    to: `return caseFold(input).normalize("NFKC");`,
    what: "folding before NFKC: ᴮᴵᴳᴮᴵᴿᴰ comes out as BIGBIRD, in capitals",
  },
  {
    stage: "21.1",
    file: MAPPING,
    from: `return caseFold(input.normalize("NFKC")).normalize("NFKC");`,
    to: `return caseFold(input.normalize("NFC")).normalize("NFC");`,
    what: "NFC instead of NFKC: fullwidth, circled and mathematical letters are kept as they are",
  },
  {
    stage: "21.2",
    file: ALLOWED,
    from: `  let length = 0;
  for (const _ of name) length++;`,
    to: "  const length = name.length;",
    what: "length in UTF-16 units: 30 mathematical letters count as 60",
  },
  {
    stage: "21.2",
    file: ALLOWED,
    from: `        at,
      );
    at++;
  }
  return undefined;
}

/** The allow-list`,
    to: `        at,
      );
    at += char.length;
  }
  return undefined;
}

/** The allow-list`,
    what: "positions in the typed text counted in UTF-16 units, not code points",
  },
  {
    stage: "21.2",
    file: ALLOWED,
    from: `    if (found.kind === "letter") {
      script ??= found.script;
      if (found.script !== script)
        return reject("mixed-script", \`"\${char}" at \${at} is \${found.script}, the letters before it \${script}\`, at);
    }
    at++;`,
    to: `    if (found.kind === "letter") {
      script ??= found.script;
      if (found.script !== script)
        return reject("mixed-script", \`"\${char}" at \${at} is \${found.script}, the letters before it \${script}\`, at);
    }
    at += char.length;`,
    what: "positions in the mapped name counted in UTF-16 units, not code points",
  },
  {
    stage: "21.2",
    file: ALLOWED,
    from: "      script ??= found.script;",
    to: "      script = found.script;",
    what: "each letter compared with its own script: a Cyrillic а among Latin letters passes",
  },
  {
    stage: "21.2",
    file: ALLOWED,
    from: "return checkMapped(name) ?? checkLength(name) ?? { ok: true, name };",
    to: "return checkMapped(name) ?? checkLength(input) ?? { ok: true, name };",
    what: "the length measured before mapping: sixteen ß (32 letters once folded) pass",
  },
  {
    stage: "21.3",
    file: SKELETON,
    from: `for (const char of name.normalize("NFD"))`,
    to: "for (const char of name)",
    what: "no NFD before the lookup: ё keeps its Cyrillic base letter, which never meets its prototype",
  },
  {
    stage: "21.3",
    file: SKELETON,
    from: "return skeleton(a) === skeleton(b);",
    to: "return a === b;",
    what: "names compared as they are, not by skeleton",
  },
  {
    stage: "21.3",
    file: CONFUSABLES,
    from: `  ["m", "rn"], // m → rn: two letters drawn close together read as one`,
    to: "",
    what: "m → rn left out: microsoft and rnicrosoft are not found alike",
  },
  {
    stage: "21.3",
    file: CONFUSABLES,
    from: `  ["0", "o"], // 0 DIGIT ZERO (→ "O" in confusables.txt; folded here)`,
    to: `  ["0", "O"], // 0 DIGIT ZERO (→ "O" in confusables.txt; folded here)`,
    what: "the prototype of 0 copied from confusables.txt as capital O, though the names are folded",
  },
  {
    stage: "21.4",
    file: SEPARATORS,
    from: `  if (isSeparator(last)) return reject("separator-at-edge", \`the name ends with "\${chars[last]}"\`, last);`,
    to: "",
    what: "only the start checked for a separator: ada_ passes",
  },
  {
    stage: "21.4",
    file: SEPARATORS,
    from: `        \`two separators in a row at \${at - 1}: "\${chars[at - 1]}\${chars[at]}"\`,
        at,`,
    to: `        \`two separators in a row at \${at - 1}: "\${chars[at - 1]}\${chars[at]}"\`,
        at - 1,`,
    what: "consecutive separators reported at the first of the two, not the second",
  },
  {
    stage: "21.4",
    file: RESERVED,
    from: `return skeleton(name.replace(/[._]/g, "").replace(/[0-9]+$/, ""));`,
    to: `return skeleton(name.replace(/[._]/g, ""));`,
    what: "a number after a reserved word not taken off: admin1 is handed out",
  },
  {
    stage: "21.4",
    file: RESERVED,
    from: `return skeleton(name.replace(/[._]/g, "").replace(/[0-9]+$/, ""));`,
    to: `return name.replace(/[._]/g, "").replace(/[0-9]+$/, "");`,
    what: "reserved words compared without skeletons: admın and r00t are handed out",
  },
  {
    stage: "21.4",
    file: RESERVED,
    from: `return skeleton(name.replace(/[._]/g, "").replace(/[0-9]+$/, ""));`,
    to: `return skeleton(name.replace(/[._0-9]/g, ""));`,
    what: "every digit taken off, not only a number at the end: r00t is rt, and 1admin is admin",
  },
  {
    stage: "21.4",
    file: SEPARATORS,
    from: `  for (const char of name) if (classify(char).kind === "letter") return true;
  return false;`,
    to: "  return name.length > 0;",
    what: "a name without a letter accepted: 1234 is a username",
  },
  {
    stage: "21.5",
    file: MAPPING,
    from: `return caseFold(input.normalize("NFKC")).normalize("NFKC");`,
    to: `return caseFold(input.normalize("NFC")).normalize("NFKC");`,
    what: "NFC before folding and NFKC only after it: ᴮ becomes B after the fold, and a second run folds it to b",
  },
  {
    stage: "21.5",
    file: ALLOWED,
    from: `    if (isBidiControl(char))
      return reject("bidi-control", \`the direction control \${codePointLabel(char)} at \${at} is not allowed\`, at);`,
    to: "",
    what: "bidi controls not told apart: a right-to-left override is refused as merely invisible",
  },
  {
    stage: "21.5",
    file: ALLOWED,
    from: String.raw`const SUSPECT = /[\p{Cs}\p{Bidi_Control}\p{Default_Ignorable_Code_Point}]/u;`,
    to: String.raw`const SUSPECT = /[\p{Bidi_Control}\p{Default_Ignorable_Code_Point}]/u;`,
    what: "the fast path forgets lone surrogates: they reach NFKC and are refused as a mere disallowed character",
  },
  {
    stage: "21.5",
    file: CASE_FOLD,
    from: String.raw`  ["\u1E9E", "ss"], // ẞ  F: LATIN CAPITAL LETTER SHARP S (toLowerCase gives ß)`,
    to: "",
    what: "capital ẞ lowercased to ß and never folded: STRAẞE and Straße are two names",
  },
  {
    stage: "21.6",
    file: GENERATOR,
    from: `    if (!more) await once(out, "drain");`,
    to: "",
    what: "write() returning false ignored: every name is buffered in memory",
  },
  {
    stage: "21.6",
    file: GENERATOR,
    from: "else if (!seen.add(verdict.name)) summary.duplicates++;",
    to: "else if (!seen.add(candidate)) summary.duplicates++;",
    what: "deduplicated as written, not as normalized: John.Smith and john.smith are both kept",
  },
  {
    stage: "21.6",
    file: GENERATOR,
    from: "const { random, shuffle } = seededFaker(seed);",
    to: "const { random, shuffle } = seededFaker(0);",
    what: "the seed never reaches faker: every seed writes the same names",
  },
  {
    stage: "21.6",
    file: GENERATOR,
    from: `  out.end();
  await once(out, "finish");`,
    to: "",
    what: "the stream never ended: the file's last chunk may never be flushed",
  },
  {
    stage: "21.6",
    file: PROGRESS,
    from: "  if (stream.isTTY !== true) return SILENT;",
    to: "",
    what: "a progress bar drawn into logs and pipes",
  },
  {
    stage: "21.6",
    file: PROGRESS,
    from: "    if (percent === shown) return;",
    to: "",
    what: "the bar redrawn for every name: thousands of writes to the terminal",
  },
  {
    stage: "21.6",
    file: ZIPF,
    from: "      total += 1 / (rank + 1) ** exponent;",
    to: "      total += 1;",
    what: "every first name as popular as any other: no Zipf head",
  },
];
