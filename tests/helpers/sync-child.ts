import { startCounter } from './counter.js';
import { configureLog } from '../../electron/host/log.js';

// A counter process for the crash tests: opens the data directory and syncs until nothing
// is left, printing one line per cycle. The test kills it with SIGKILL at awkward moments.

configureLog({ quiet: true });
const [dir, centralUrl, hallCode] = process.argv.slice(2) as [string, string, string];
const counter = await startCounter({ dir, centralUrl, hallCode });
for (let i = 0; i < 200; i++) {
  const r = await counter.engine.syncNow();
  const pending = (await counter.store.sync.pendingSummary()).count + (await counter.store.blobs.pending()).count;
  process.stdout.write(`CYCLE ${i} ${r ? 'ok' : counter.engine.state()} pending=${pending}\n`);
  if (r && pending === 0) {
    await counter.engine.stop();
    await counter.store.close();
    process.stdout.write('CLEAN\n');
    process.exit(0);
  }
  await new Promise((res) => setTimeout(res, 50));
}
process.exit(3);
