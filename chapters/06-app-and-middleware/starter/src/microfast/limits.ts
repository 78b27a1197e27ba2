// The limits of the application layer. The connection already caps a body at
// ServerOptions.maxBodyBytes (1 MiB) before the app sees it; parsing a body into objects costs
// several times its size in memory, so the app parses only much smaller ones.

/**
 * The largest JSON or form body the app parses; larger → 413 Content Too Large (RFC 9110
 * §15.5.14). 100 KiB is the default of Express's body parsers: plenty for API payloads.
 */
export const DEFAULT_MAX_PARSED_BODY_BYTES = 100 * 1024;

/**
 * The most fields in a form body or a query string; more → 413 (body) or 400 (query).
 * 1000 is the parameterLimit of Express's urlencoded parser and of the qs library.
 */
export const DEFAULT_MAX_FIELDS = 1000;
