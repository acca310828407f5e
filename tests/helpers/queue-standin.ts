import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

// A real HTTP stand-in of the hall's queue system (叫号系统) and booking system (预约系统), on
// 127.0.0.1 with a free port. It keeps its own queue: issued tickets wait until a window calls,
// priority-lane tickets first and then by issue time; transferred tickets wait for their window.
// Every request it receives is recorded, so tests assert on what the counter actually sent.
// Usable from vitest and from Playwright specs (plain Node, no test-framework imports).

export interface StandInTicket {
  number: string;
  lane: 'normal' | 'priority';
  bundleId: string | null;
  appointmentId: string | null;
  issuedAt: string;
}

export interface ReceivedCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

export interface QueueStandIn {
  url: string;
  /** Every request, in order. */
  calls: ReceivedCall[];
  /** Draws a ticket (as the ticket machine in the hall would). */
  issue(t: Partial<StandInTicket> & { number: string }): StandInTicket;
  /** Tickets still waiting, in the order the stand-in would call them for `windowNo`. */
  waiting(windowNo?: string): StandInTicket[];
  /** Tickets marked 过号. */
  noShows(): string[];
  /** Appointments served at GET /appointments?date=… (the booking system's pull endpoint). */
  setAppointments(list: unknown[]): void;
  /** Answers every request this many ms late (to provoke client timeouts). */
  setDelay(ms: number): void;
  /** Stops listening (connection refused) until `up()`; recorded calls are kept. */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export async function startQueueStandIn(): Promise<QueueStandIn> {
  const calls: ReceivedCall[] = [];
  const waitingList: (StandInTicket & { forWindow: string | null; seq: number })[] = [];
  const called = new Map<string, StandInTicket & { window: string }>();
  const noShows: string[] = [];
  let appointments: unknown[] = [];
  let delay = 0;
  let seq = 0;
  const sockets = new Set<Socket>();

  const order = (windowNo?: string) =>
    waitingList
      .filter((t) => windowNo === undefined || t.forWindow === null || t.forWindow === windowNo)
      // The hall's rule: the priority lane (绿色通道) first, then whoever drew a ticket first.
      .sort((a, b) => Number(b.lane === 'priority') - Number(a.lane === 'priority') || Date.parse(a.issuedAt) - Date.parse(b.issuedAt) || a.seq - b.seq);
  const strip = ({ number, lane, bundleId, appointmentId, issuedAt }: StandInTicket): StandInTicket => ({ number, lane, bundleId, appointmentId, issuedAt });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = req.method === 'POST' ? await readBody(req) : null;
    calls.push({ method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), body });
    if (delay) await new Promise((r) => setTimeout(r, delay));
    const b = (body ?? {}) as Record<string, unknown>;
    const str = (k: string) => (typeof b[k] === 'string' ? (b[k] as string) : null);

    if (req.method === 'GET' && url.pathname === '/appointments') {
      const date = url.searchParams.get('date');
      const dateOf = (a: unknown) => (a as Record<string, unknown>).date ?? (a as Record<string, unknown>)['日期'];
      return send(res, 200, { appointments: appointments.filter((a) => !date || dateOf(a) === date) });
    }
    if (req.method !== 'POST') return send(res, 405, { error: 'method' });
    switch (url.pathname) {
      case '/call': {
        const windowNo = str('windowNo');
        if (!windowNo) return send(res, 400, { error: 'windowNo required' });
        const next = order(windowNo)[0];
        if (!next) return send(res, 200, { ticket: null });
        waitingList.splice(waitingList.indexOf(next), 1);
        called.set(next.number, { ...strip(next), window: windowNo });
        return send(res, 200, { ticket: strip(next) });
      }
      case '/recall': {
        const t = called.get(str('number') ?? '');
        if (!t || t.window !== str('windowNo')) return send(res, 404, { error: 'not called at this window' });
        return send(res, 200, { ok: true });
      }
      case '/no-show': {
        const number = str('number') ?? '';
        if (!called.delete(number)) return send(res, 404, { error: 'unknown ticket' });
        noShows.push(number);
        return send(res, 200, { ok: true });
      }
      case '/transfer': {
        const t = called.get(str('number') ?? '');
        const to = str('toWindow');
        if (!t || !to) return send(res, 404, { error: 'unknown ticket' });
        called.delete(t.number);
        waitingList.push({ ...strip(t), forWindow: to, seq: seq++ });
        return send(res, 200, { ok: true });
      }
      default:
        return send(res, 404, { error: 'not found' });
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, { error: 'stand-in failed' }));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const port = await listen(0);
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    issue(t) {
      const ticket: StandInTicket = { lane: 'normal', bundleId: null, appointmentId: null, issuedAt: new Date().toISOString(), ...t };
      waitingList.push({ ...ticket, forWindow: null, seq: seq++ });
      return ticket;
    },
    waiting: (windowNo) => order(windowNo).map(strip),
    noShows: () => [...noShows],
    setAppointments(list) {
      appointments = list;
    },
    setDelay(ms) {
      delay = ms;
    },
    down: stop,
    async up() {
      await listen(port);
    },
    close: async () => {
      if (server.listening) await stop();
    },
  };
}
