// One round of the primary-key select for one contender, in a process of its own:
//
//   node select-child.js NAME URL SECONDS CALLERS MAX WARMUP_SECONDS   (compiled by main.ts)
//
// A process per round keeps the contenders apart — four pools and four query paths in one
// process share its JIT, its garbage collector and its event loop, and whichever ran first
// would shape the machine code of `pg` for the others. Prints the round's LoopResult as JSON.
import { closedLoop } from "./closed-loop.ts";
import { CONTENDERS, isUser, USERS } from "./pk-select.ts";

const [name, url, seconds, callers, max, warmup] = process.argv.slice(2);
const spec = CONTENDERS.find((c) => c.key === name);
if (!spec || !url)
  throw new Error(`usage: select-child.ts ${CONTENDERS.map((c) => c.key).join("|")} URL SECONDS CALLERS MAX WARMUP`);
const contender = spec.make(url, Number(max));
const load = (s: number) =>
  closedLoop({ callers: Number(callers), seconds: s, keys: USERS, query: (id) => contender.find(id), correct: isUser });
try {
  // Not counted: the JIT compiles the query path, and the pool opens its sessions.
  if (Number(warmup) > 0) await load(Number(warmup));
  process.stdout.write(`${JSON.stringify(await load(Number(seconds)))}\n`);
} finally {
  await contender.close();
}
