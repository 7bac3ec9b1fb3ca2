import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got. */
export interface Received {
  /** the request path, e.g. `/a` */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** the status it answered */
  answered: number;
}

/**
 * A webhook receiver for tests: a local HTTP server on 127.0.0.1 that answers `status` (200 by
 * default; 503 to play down), can stop listening (connections refused) and come back on the same
 * port, and records every request it got.
 */
export class Receiver {
  status = 200;
  readonly received: Received[] = [];
  private server: Server;
  private port = 0;

  private constructor() {
    this.server = this.makeServer();
  }

  /** Answer nothing at all (the dispatcher's timeout must end the attempt) while true. */
  hang = false;

  static async start(): Promise<Receiver> {
    const r = new Receiver();
    await r.listen();
    return r;
  }

  /** The receiver's URL; a `path` tells subscriptions sharing it apart. */
  url(path = '/hook'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  private makeServer(): Server {
    return createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (this.hang) return;
        const answered = this.status;
        this.received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), answered });
        res.writeHead(answered, { 'content-type': 'text/plain' }).end(answered < 300 ? 'ok' : 'unavailable');
      });
    });
  }

  private listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.port, '127.0.0.1', () => {
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  /** Stops listening and drops open connections: new requests are refused. */
  async down(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  /** Listens again on the same port. */
  async up(): Promise<void> {
    this.server = this.makeServer();
    await this.listen();
  }

  /** The bodies of requests answered 2xx, parsed. */
  delivered(path?: string): Array<{ id: string; type: string; createdAt: string; data: unknown }> {
    return this.received.filter((r) => r.answered < 300 && (path === undefined || r.path === path)).map((r) => JSON.parse(r.body));
  }

  async close(): Promise<void> {
    if (this.server.listening) await this.down();
  }
}
