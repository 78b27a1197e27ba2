// The type of a route's path parameters, read from its pattern by the compiler:
// PathParams<"/users/{id:int}/files/{name}"> is { id: number; name: string }, the values
// chapter 05's router produces ({id:int} converts to a number, {name} and {rest:path} stay text).

type ParamValueOf<Type extends string> = Type extends "int" ? number : string;

type ParamOf<Segment extends string> = Segment extends `${infer Name}:${infer Type}`
  ? { [K in Name]: ParamValueOf<Type> }
  : { [K in Segment]: string };

type Collect<Pattern extends string> = Pattern extends `${string}{${infer Segment}}${infer Rest}`
  ? ParamOf<Segment> & Collect<Rest>
  : unknown;

export type PathParams<Pattern extends string> = { [K in keyof Collect<Pattern>]: Collect<Pattern>[K] };
