import net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a database server, for the outage tests (issue #17): `cut()` drops
 * every connection through it and refuses new ones (accepted and closed at once) until `restore()`, as a
 * network partition or a restarting server would — without touching the machine's PostgreSQL.
 * `cutAfter(patterns)` cuts the moment the client has sent each of `patterns` in turn (e.g. an UPDATE,
 * then its COMMIT): the last one reaches the server, its answer never reaches the client.
 */
export class TcpProxy {
  private readonly sockets = new Set<net.Socket>();
  private refusing = false;
  private armed: string[] | null = null;
  private onArmedCut: (() => void) | null = null;

  private constructor(private readonly server: net.Server) {}

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const server = net.createServer();
    const proxy = new TcpProxy(server);
    server.on('connection', (client) => proxy.accept(client, target));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** `url` with its host and port replaced by the proxy's. */
  url(url: string): string {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }

  cut(): void {
    this.refusing = true;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  restore(): void {
    this.refusing = false;
  }

  /** Resolves once the cut has happened. */
  cutAfter(patterns: string[]): Promise<void> {
    this.armed = [...patterns];
    this.atAnswer = false;
    return new Promise((resolve) => (this.onArmedCut = resolve));
  }

  /**
   * Cuts when the server answers the client's statement holding `pattern`: the server has run it (and, for a
   * statement outside a transaction, committed it), the client never hears so.
   */
  cutAtAnswerTo(pattern: string): Promise<void> {
    this.armed = [pattern];
    this.atAnswer = true;
    return new Promise((resolve) => (this.onArmedCut = resolve));
  }

  private atAnswer = false;

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket, target: { host: string; port: number }): void {
    if (this.refusing) {
      client.destroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    this.sockets.add(client);
    this.sockets.add(upstream);
    let holding = false;
    let cutAtAnswer = false;
    const end = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.on('data', (chunk: Buffer) => {
      const armed = this.armed;
      if (armed && armed.length > 0 && chunk.includes(armed[0]!)) {
        armed.shift();
        if (armed.length === 0) {
          // The last pattern goes to the server; nothing the server answers comes back.
          holding = true;
          this.armed = null;
          if (this.atAnswer) {
            cutAtAnswer = true;
            upstream.write(chunk);
            return;
          }
          upstream.write(chunk, () => {
            this.cut();
            this.onArmedCut?.();
          });
          return;
        }
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (cutAtAnswer) {
        cutAtAnswer = false;
        this.cut();
        this.onArmedCut?.();
      }
      if (!holding) client.write(chunk);
    });
  }
}
