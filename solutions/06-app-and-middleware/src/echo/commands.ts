// The line protocol: parse one line into a command, run it against the store, and say what
// to answer. Pure functions of (line, store): no sockets here, so they are easy to test.
import type { Store } from "./store.ts";

export interface Outcome {
  /** The reply line, "\r\n" included. */
  reply: string;
  /** True after QUIT: answer, then close the connection. */
  close: boolean;
}

const reply = (text: string): Outcome => ({ reply: `${text}\r\n`, close: false });
const error = (message: string): Outcome => reply(`-ERR ${message}`);
const arity = (name: string): Outcome => error(`wrong number of arguments for '${name}'`);

/** Runs one line. Returns undefined for an empty line, which is ignored like Redis does. */
export function execute(line: string, store: Store): Outcome | undefined {
  if (line === "") return undefined;
  const space = line.indexOf(" ");
  const name = (space === -1 ? line : line.slice(0, space)).toUpperCase();
  // `rest` is everything after the first space; undefined when there is no argument at all.
  const rest = space === -1 ? undefined : line.slice(space + 1);

  switch (name) {
    case "PING":
      return rest === undefined ? reply("+PONG") : arity(name);
    case "ECHO":
      return rest ? reply(`+${rest}`) : arity(name);
    case "SET": {
      const split = rest?.indexOf(" ") ?? -1;
      const key = rest?.slice(0, split);
      const value = rest?.slice(split + 1);
      if (split <= 0 || !key || !value) return arity(name);
      store.set(key, value);
      return reply("+OK");
    }
    case "GET": {
      if (!isSingleKey(rest)) return arity(name);
      const value = store.get(rest);
      // "_" is RESP3's null: distinct from every string reply, which starts with "+".
      return reply(value === undefined ? "_" : `+${value}`);
    }
    case "DEL":
      return isSingleKey(rest) ? reply(store.delete(rest) ? ":1" : ":0") : arity(name);
    case "QUIT":
      return rest === undefined ? { reply: "+BYE\r\n", close: true } : arity(name);
    default:
      return error(`unknown command '${line.slice(0, space === -1 ? undefined : space)}'`);
  }
}

function isSingleKey(rest: string | undefined): rest is string {
  return rest !== undefined && rest !== "" && !rest.includes(" ");
}
