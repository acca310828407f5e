import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openCentralDb, type CentralDb } from '../../db/central.js';
import { buildCentralApp } from '../../server/app.js';
import { tempDir } from './tmp.js';

// The real central service in-process on 127.0.0.1 (random port), on a SQLite file or a
// PostgreSQL database, with a known admin token.

export type Backend = { kind: 'sqlite' } | { kind: 'postgres'; url: string };

export interface RunningCentral {
  url: string;
  port: number;
  app: FastifyInstance;
  central: CentralDb;
  adminToken: string;
  dir: string;
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  issueCode(hallCode: string | null, departments?: string[]): Promise<string>;
  /** Enrols a device straight through the API; returns its token. */
  enrol(deviceId: string, hallCode: string | null, departments?: string[]): Promise<string>;
  close(): Promise<void>;
}

export async function startCentral(backend: Backend, opts: { https?: { key: Buffer; cert: Buffer }; dir?: string } = {}): Promise<RunningCentral> {
  const t = opts.dir ? { dir: opts.dir, cleanup: () => undefined } : tempDir('yct-central-');
  const central = await openCentralDb(backend.kind === 'sqlite' ? { sqliteFile: join(t.dir, 'central.sqlite') } : { postgresUrl: backend.url });
  const adminToken = randomBytes(24).toString('base64url');
  await central.devices.ensureAdminToken(adminToken);
  const app = await buildCentralApp({ central, blobDir: join(t.dir, 'blobs'), https: opts.https });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as { port: number }).port;
  const url = `${opts.https ? 'https' : 'http'}://127.0.0.1:${port}`;
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await app.inject({ method: method as 'GET', url: path, headers: { authorization: `Bearer ${adminToken}` }, ...(body !== undefined ? { payload: body as object } : {}) });
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null };
  };
  const issueCode = async (hallCode: string | null, departments: string[] = []) => {
    const r = await admin('POST', '/admin/enrolment-codes', { hallCode, departments, label: 'test' });
    if (r.status !== 200) throw new Error(`issue code failed: ${JSON.stringify(r.body)}`);
    return r.body.code as string;
  };
  return {
    url,
    port,
    app,
    central,
    adminToken,
    dir: t.dir,
    admin,
    issueCode,
    async enrol(deviceId, hallCode, departments = []) {
      const code = await issueCode(hallCode, departments);
      const res = await app.inject({ method: 'POST', url: '/enrol', payload: { code, deviceId, label: 'test' } });
      if (res.statusCode !== 200) throw new Error(`enrol failed: ${res.body}`);
      return JSON.parse(res.body).deviceToken as string;
    },
    async close() {
      await app.close();
      await central.close();
      t.cleanup();
    },
  };
}
