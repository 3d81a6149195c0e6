/**
 * A minimal `/metrics` HTTP server on node:http: `GET` and `HEAD /metrics` answer the registry's
 * exposition, any other path 404, any other method 405.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";

/** Where a service serves its metrics. */
export interface ServeOptions {
  /** Port; 0 picks a free one. Default: the service's metrics port from the catalog. */
  readonly port?: number;
  /** Address to bind. Default: `0.0.0.0`, so a Prometheus on another host can scrape. */
  readonly host?: string;
  /** Pre-zero the small closed label sets before serving (see `preZero`). Default: true. */
  readonly preZero?: boolean;
}

/** A running metrics server. */
export interface MetricsServer {
  readonly server: Server;
  /** The bound port (the real one when 0 was asked for). */
  readonly port: number;
  readonly host: string;
  close(): Promise<void>;
}

const PLAIN = "text/plain; charset=utf-8";

/** Serves `registry` at `/metrics` on `host:port`; resolves once listening. */
export function startMetricsServer(registry: Registry, port: number, host: string): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (path !== "/metrics") {
      res.writeHead(404, { "Content-Type": PLAIN }).end("not found: metrics are served at /metrics\n");
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { "Content-Type": PLAIN, Allow: "GET, HEAD" }).end("only GET and HEAD are allowed\n");
      return;
    }
    registry.metrics().then(
      (body) => {
        res.writeHead(200, { "Content-Type": registry.contentType, "Content-Length": Buffer.byteLength(body) });
        res.end(req.method === "HEAD" ? undefined : body);
      },
      (error: unknown) => {
        res.writeHead(500, { "Content-Type": PLAIN }).end(`${String(error)}\n`);
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address() as AddressInfo;
      resolve({
        server,
        port: address.port,
        host,
        close: () => new Promise<void>((done, fail) => server.close((error) => (error ? fail(error) : done()))),
      });
    });
  });
}
