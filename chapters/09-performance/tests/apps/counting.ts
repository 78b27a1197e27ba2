// The application stage 09.7 talks to. Before it loads a single module of your microfast, it
// starts counting two things every request may cost: promises (an async_hooks hook sees each
// one created) and AbortControllers (the global constructor is wrapped). Then it serves a
// synchronous "Hello, World!" behind a pass-through middleware and compression(), and answers
// the counts at COUNTS_PATH, so the checks can tell what 500 plain requests cost.
import { createHook } from "node:async_hooks";
import { COUNTS_PATH, type Counts } from "../fixtures/counts.ts";
import { HELLO } from "../fixtures/hello.ts";

let promises = 0;
let abortControllers = 0;

createHook({
  init(_id, type) {
    if (type === "PROMISE") promises++;
  },
}).enable();

const NativeAbortController = globalThis.AbortController;
globalThis.AbortController = class CountedAbortController extends NativeAbortController {
  constructor() {
    super();
    abortControllers++;
  }
};

// Imported only now, so that whatever the tree does at load time or later is counted.
const { compression, MicroFast } = await import("@lab/src/microfast/index.ts");

const app = new MicroFast();
app.use(function passThrough(_request, next) {
  return next();
});
app.use(compression());
app.get("/", () => HELLO);
// For the README's experiment: the same answer from an async handler. The checks never ask for it.
app.get("/async", async () => HELLO);
app.get(COUNTS_PATH, (): Counts => ({ promises, abortControllers }));

await app.run({ host: process.env.HOST, port: Number(process.env.PORT) });
