import { createServer } from 'node:http';

// The central service's entry. Sync, enrolment and catalog publication arrive with the sync issue;
// until then it answers its health probe only, so deployments can be wired up.
const port = Number(process.env.PORT ?? 8700);
const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, service: 'yct-central' }));
    return;
  }
  res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'NOT_FOUND', message: '接口不存在' }));
});
server.listen(port, process.env.HOST ?? '127.0.0.1', () => {
  process.stdout.write(`yct central service listening on ${port}\n`);
});
