import { connect, createServer, type Server, type Socket } from 'node:net';

// A loopback TCP proxy in front of the central service that can be "down" (refuses
// connections) or cut the next connections after a number of bytes in one direction —
// a county extranet that drops mid-request.

export interface FlakyProxy {
  url: string;
  port: number;
  setDown(down: boolean): void;
  /** The next `count` connections are destroyed after `afterBytes` bytes upstream or downstream. */
  cutNext(count: number, afterBytes: number, direction?: 'up' | 'down'): void;
  /** Connections cut so far. */
  cuts(): number;
  close(): Promise<void>;
}

export async function startFlakyProxy(targetPort: number): Promise<FlakyProxy> {
  let down = false;
  let plan: { count: number; afterBytes: number; direction: 'up' | 'down' } = { count: 0, afterBytes: 0, direction: 'up' };
  let cuts = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (down) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    let budget = Infinity;
    let direction: 'up' | 'down' = 'up';
    if (plan.count > 0) {
      plan.count--;
      budget = plan.afterBytes;
      direction = plan.direction;
    }
    const pipe = (from: Socket, to: Socket, counted: boolean) =>
      from.on('data', (chunk: Buffer) => {
        if (!counted) {
          to.write(chunk);
          return;
        }
        if (chunk.length >= budget) {
          to.write(chunk.subarray(0, budget));
          budget = 0;
          cuts++;
          // Give the partial bytes a moment to leave, then drop both sides.
          setTimeout(() => {
            client.destroy();
            upstream.destroy();
          }, 20);
          from.pause();
          return;
        }
        budget -= chunk.length;
        to.write(chunk);
      });
    pipe(client, upstream, direction === 'up');
    pipe(upstream, client, direction === 'down');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    setDown(d) {
      down = d;
      if (d) for (const s of sockets) s.destroy();
    },
    cutNext(count, afterBytes, dir = 'up') {
      plan = { count, afterBytes, direction: dir };
    },
    cuts: () => cuts,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
