/**
 * What a host field (`services[].host`, `alertmanager.host`) may hold: a host name, an IPv4
 * address or a bracketed IPv6 address, without scheme, port, path or credentials (obsgen adds
 * the port, and the path is always `/metrics`). The host becomes a target of `prometheus.yml`
 * written `<host>:<port>`.
 *
 * Prometheus 2.42 itself only refuses a target holding `/` (`config.CheckTargetAddress`,
 * https://github.com/prometheus/prometheus/blob/v2.42.0/config/config.go); anything else it
 * accepts fails later, when the scrape builds the URL `http://<host>:<port>/metrics`. The rules
 * here are what that URL's host can be (RFC 3986 section 3.2.2; host names after RFC 1123, with
 * the `_` that container and Docker Compose service names use and Go's resolver accepts).
 */
import { isIPv4, isIPv6 } from "node:net";

export interface HostProblem {
  readonly message: string;
  readonly hint: string;
}

const HOST_HINT =
  "give a host name (`localhost`, `api.internal`), an IPv4 address (`10.0.0.5`) or an IPv6 address in brackets (`[::1]`); the port has its own field";

/** Why `host` is not a host a scrape target can name, or undefined when it is. */
export function hostProblem(host: string): HostProblem | undefined {
  const problem = (message: string, hint = HOST_HINT): HostProblem => ({ message, hint });
  if (host === "") return problem("must not be empty");
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(host)) return problem("must be a host, not a URL: leave out the scheme (`http://`) and any path");
  if (/[/?#]/.test(host))
    return problem("must be a host only: a path, query or fragment (`/`, `?`, `#`) has no place in it (promtool check config refuses `/`)");
  if (host.includes("@"))
    return problem(
      "must be a host only, without credentials (`user@`)",
      "give the host alone; put credentials in a file the scraper reads, never in the catalog",
    );
  if (/\s/.test(host)) return problem("must not hold white space");
  if (host.startsWith("[")) {
    if (!host.endsWith("]")) return problem("opens `[` for an IPv6 address but does not end with `]` (a port goes in its own field)");
    const inner = host.slice(1, -1);
    if (inner.includes("%")) return problem("holds an IPv6 zone (`%eth0`), which a scrape URL cannot carry", "use a routable IPv6 address or a host name");
    if (!isIPv6(inner)) return problem("is not an IPv6 address between the brackets");
    return undefined;
  }
  if (isIPv6(host)) return problem("is an IPv6 address without brackets: `<host>:<port>` would be ambiguous", `write it in brackets: \`[${host}]\``);
  if (host.includes(":")) return problem("holds `:`: give the port in its own field (`metricsPort`, `port`), not in the host");
  const name = host.endsWith(".") ? host.slice(0, -1) : host;
  if (/^[0-9.]+$/.test(name)) {
    // A name of digits and dots is read as an address, never looked up as a name.
    return isIPv4(name) ? undefined : problem("is not an IPv4 address (four numbers 0 to 255, without leading zeros)");
  }
  if (name.length > 253) return problem(`is ${name.length} characters long; a host name has at most 253`);
  for (const label of name.split(".")) {
    if (label === "") return problem("has an empty part between dots");
    if (label.length > 63) return problem(`has a part of ${label.length} characters ("${label.slice(0, 12)}…"); each part between dots has at most 63`);
    if (!/^[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?$/.test(label)) {
      return problem(`has the part "${label}": host name parts are letters, digits, \`-\` and \`_\`, not starting or ending with \`-\``);
    }
  }
  return undefined;
}
