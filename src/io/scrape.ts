/**
 * Scraping a `/metrics` endpoint once, as Prometheus does (scrape/scrape.go): GET with an Accept
 * header that prefers OpenMetrics and takes the Prometheus text format, redirects followed, gzip
 * decompressed, within a time limit for the whole exchange and a limit on the decompressed body
 * (Prometheus's `scrape_timeout` and `body_size_limit`). Every failure is a result naming what
 * went wrong, never an exception.
 */

/** The media types asked for, best first: OpenMetrics 1.0, then the Prometheus text format. */
export const SCRAPE_ACCEPT = "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

export interface ScrapeOptions {
  /** The whole exchange: connecting, the response and its body. */
  readonly timeoutMs: number;
  /** The largest decompressed body read. */
  readonly maxBytes: number;
  /** Sent as User-Agent. */
  readonly userAgent: string;
}

export type ScrapeResult =
  | { readonly ok: true; readonly contentType: string | null; readonly body: Uint8Array }
  | { readonly ok: false; readonly message: string; readonly hint: string };

/** A number of bytes for people: `10 MiB`, `512 KiB`, `100 bytes`. */
export function formatBytes(n: number): string {
  for (const [unit, size] of [
    ["GiB", 1024 ** 3],
    ["MiB", 1024 ** 2],
    ["KiB", 1024],
  ] as const) {
    if (n >= size && n % size === 0) return `${n / size} ${unit}`;
  }
  return `${n} bytes`;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

class Timeout extends Error {}
class TooLarge extends Error {}

export async function scrape(url: string, opts: ScrapeOptions): Promise<ScrapeResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Timeout()), opts.timeoutMs);
  try {
    const res = await fetch(url, {
      headers: { Accept: SCRAPE_ACCEPT, "User-Agent": opts.userAgent },
      redirect: "follow",
      signal: controller.signal,
    });
    if (res.status !== 200) {
      await res.body?.cancel().catch(() => undefined);
      return {
        ok: false,
        message: `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}: Prometheus takes only 200 as a successful scrape`,
        hint: res.status === 404 ? "check the path: metrics are usually served at /metrics" : "check the endpoint: it must answer 200 with the exposition",
      };
    }
    const length = Number(res.headers.get("content-length") ?? Number.NaN);
    // A gzip-encoded body's length says nothing about the decompressed size the limit is on.
    if (!res.headers.get("content-encoding") && length > opts.maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      return tooLarge(opts.maxBytes, length);
    }
    const body = await readBody(res, opts.maxBytes);
    return { ok: true, contentType: res.headers.get("content-type"), body };
  } catch (e) {
    return failure(e, controller.signal.reason, opts);
  } finally {
    clearTimeout(timer);
  }
}

async function readBody(res: Response, maxBytes: number): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new TooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function tooLarge(maxBytes: number, size?: number): ScrapeResult {
  return {
    ok: false,
    message: `the body is larger than ${formatBytes(maxBytes)}${size !== undefined ? ` (${formatBytes(size)})` : ""}`,
    hint: "raise --max-size if the exposition really is that large (Prometheus's body_size_limit must allow it too)",
  };
}

/** What a failed fetch means, from the error and the cause undici gives (a Node system error code). */
function failure(e: unknown, aborted: unknown, opts: ScrapeOptions): ScrapeResult {
  if (e instanceof TooLarge) return tooLarge(opts.maxBytes);
  if (aborted instanceof Timeout) {
    return {
      ok: false,
      message: `timed out: no complete answer within ${seconds(opts.timeoutMs)}`,
      hint: "check that the endpoint is up and answers quickly, or raise --timeout (Prometheus gives up after its scrape_timeout)",
    };
  }
  const cause = (e as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const code = cause?.code ?? (e as { code?: string } | undefined)?.code;
  switch (code) {
    case "ECONNREFUSED":
      return { ok: false, message: "connection refused: nothing listens there", hint: "start the service, or check the host and port" };
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return { ok: false, message: "the host name does not resolve", hint: "check the host name" };
    case "ECONNRESET":
    case "UND_ERR_SOCKET":
    case "EPIPE":
      return { ok: false, message: "the connection was closed before the answer was complete", hint: "check the endpoint's logs" };
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return { ok: false, message: "the host cannot be reached", hint: "check the address and the network" };
    default:
  }
  if (code && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
    return {
      ok: false,
      message: `TLS: ${cause?.message ?? code}`,
      hint: "check the endpoint's certificate (obsgen trusts the system's certificate authorities)",
    };
  }
  const what = cause?.message ?? (e instanceof Error ? e.message : String(e));
  return { ok: false, message: `the request failed: ${what}${code ? ` (${code})` : ""}`, hint: "check the URL and that the endpoint is up" };
}
