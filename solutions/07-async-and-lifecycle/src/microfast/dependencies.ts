// Dependencies, in FastAPI's sense: values a handler needs that are not in the request as such —
// the current user, a page window, a database session — each computed by a function of its own,
// declared per route, and handed to the handler ready to use.
//
//   const currentUser = depends({ headers: t.object({ authorization: t.string() }) }, ({ headers }) => findUser(headers.authorization));
//   const admin = depends({ deps: { user: currentUser } }, ({ deps }) => { if (!deps.user.admin) throw new HttpError(403); return deps.user; });
//   app.delete("/users/{id:int}", { deps: { admin } }, (req, { id }, { admin }) => …);
//
// A dependency may declare the query and header fields it reads (validated with the route's own
// inputs, so one 422 lists every problem, and documented in OpenAPI) and may use others. However
// many routes and dependencies share one, it runs once per request: the graph is walked into a
// list where each dependency comes once, after the ones it uses, and resolved in that order.
//
//   { admin, page }        admin ──► currentUser         order: currentUser, admin, page
//                          page
import type { Request } from "./request.ts";
import type { Infer, ObjectSchema } from "./schema.ts";

/** The dependencies a route or a dependency uses, by the name it knows each one by. */
export type Deps = Readonly<Record<string, Dependency<unknown>>>;

export interface DependencyOptions {
  /** Query fields this dependency reads, validated at ["query", name]. */
  readonly query?: ObjectSchema;
  /** Header fields (names lower-case) this dependency reads, validated at ["header", name]. */
  readonly headers?: ObjectSchema;
  /** Dependencies whose values this one needs. */
  readonly deps?: Deps;
}

/** What a dependency's function gets: the request, its validated fields, the values of its own dependencies. */
export interface DependencyInputs<O extends DependencyOptions> {
  readonly request: Request;
  readonly query: O extends { readonly query: infer S extends ObjectSchema } ? Infer<S> : undefined;
  readonly headers: O extends { readonly headers: infer S extends ObjectSchema } ? Infer<S> : undefined;
  readonly deps: ValuesOf<O>;
}

/** Nothing declared: no options, no values. */
export type Empty = Readonly<Record<never, never>>;

/** The values of the dependencies a route or a dependency declares, by name: { user: User, page: Page }. */
export type ValuesOf<O> = O extends { readonly deps: infer D extends Deps }
  ? { readonly [K in keyof D]: D[K] extends Dependency<infer T> ? T : never }
  : Empty;

/** The inputs as the resolver sees them at run time, whatever the dependency declared. */
interface ResolvedInputs {
  readonly request: Request;
  readonly query: unknown;
  readonly headers: unknown;
  readonly deps: Readonly<Record<string, unknown>>;
}

export interface Dependency<T> {
  readonly options: DependencyOptions;
  /** Computes the value from inputs validated against `options`. */
  readonly resolve: (inputs: ResolvedInputs) => T | Promise<T>;
}

/** Declares a dependency: what it reads and uses, and the function that computes its value. */
export function depends<T>(resolve: (inputs: DependencyInputs<Empty>) => T | Promise<T>): Dependency<T>;
export function depends<const O extends DependencyOptions, T>(
  options: O,
  resolve: (inputs: DependencyInputs<O>) => T | Promise<T>,
): Dependency<T>;
export function depends<T>(
  ...args: [(inputs: never) => T | Promise<T>] | [DependencyOptions, (inputs: never) => T | Promise<T>]
): Dependency<T> {
  const [options, resolve] = args.length === 1 ? [{}, args[0]] : args;
  // Its inputs are validated against these options before it runs, so they have the declared types.
  return Object.freeze({ options, resolve: resolve as (inputs: ResolvedInputs) => T | Promise<T> });
}

/** Every dependency `deps` needs, each once, each after the ones it uses (a depth-first post-order). */
export function dependencyOrder(deps: Deps): readonly Dependency<unknown>[] {
  const order: Dependency<unknown>[] = [];
  const visit = (dependency: Dependency<unknown>): void => {
    if (order.includes(dependency)) return;
    for (const used of Object.values(dependency.options.deps ?? {})) visit(used);
    order.push(dependency);
  };
  for (const dependency of Object.values(deps)) visit(dependency);
  return order;
}

/** The validated query and header fields of each dependency of a request. */
export type DependencyFields = ReadonlyMap<Dependency<unknown>, { readonly query: unknown; readonly headers: unknown }>;

/**
 * Computes every dependency in `order` once, in that order, and returns the values of `wanted`
 * by name. A dependency that throws stops the request: an HttpError becomes its response.
 */
export async function resolveDependencies(
  order: readonly Dependency<unknown>[],
  fields: DependencyFields,
  request: Request,
  wanted: Deps,
): Promise<Record<string, unknown>> {
  const values = new Map<Dependency<unknown>, unknown>();
  for (const dependency of order) {
    const own = fields.get(dependency);
    const deps = valuesByName(dependency.options.deps ?? {}, values);
    values.set(dependency, await dependency.resolve({ request, query: own?.query, headers: own?.headers, deps }));
  }
  return valuesByName(wanted, values);
}

function valuesByName(deps: Deps, values: ReadonlyMap<Dependency<unknown>, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(deps).map(([name, dependency]) => [name, values.get(dependency)]));
}
