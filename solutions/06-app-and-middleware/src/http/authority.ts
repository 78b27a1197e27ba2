// The authority grammar shared by the Host field and CONNECT's authority-form target:
// uri-host [ ":" port ] (RFC 9110 §7.2, RFC 3986 §3.2.2–3.2.3).

export interface Authority {
  readonly host: string;
  /** The digits after ":", or undefined when there is no ":" at all. May be "" (RFC 3986 §3.2.3). */
  readonly port: string | undefined;
}

/** reg-name: unreserved / pct-encoded / sub-delims (RFC 3986 §3.2.2). Also matches IPv4 addresses. */
const REG_NAME = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;
/** IP-literal: an IPv6 address in brackets (IPvFuture is left out: nobody sends it). */
const IP_LITERAL = /^\[[0-9A-Fa-f:.]+\]$/;
const PORT = /^[0-9]*$/;

/** Splits and checks an authority; undefined when it is not valid. */
export function parseAuthority(text: string): Authority | undefined {
  // A reg-name cannot contain ":", so the port starts after the last one — or after the "]".
  const hostEnd = text.startsWith("[") ? text.indexOf("]") + 1 : text.lastIndexOf(":");
  if (hostEnd === 0) return undefined;
  const end = hostEnd === -1 ? text.length : hostEnd;
  const host = text.slice(0, end);
  const rest = text.slice(end);
  if (rest !== "" && !rest.startsWith(":")) return undefined;
  const port = rest === "" ? undefined : rest.slice(1);
  const hostOk = host.startsWith("[") ? IP_LITERAL.test(host) : REG_NAME.test(host);
  return hostOk && (port === undefined || PORT.test(port)) ? { host, port } : undefined;
}
