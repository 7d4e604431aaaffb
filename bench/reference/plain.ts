/**
 * The plain baseline: Fastify answering a small JSON body, in its own process, with no hooks, no database and
 * no logging — the ceiling of any Fastify server on this machine (`npm run bench` reports every row as a share
 * of it).
 *
 *   PORT=… node --import tsx bench/reference/plain.ts
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.post('/bare', async () => ({ ok: true }));
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
const addr = app.server.address();
process.stdout.write(`listening ${typeof addr === 'object' && addr ? addr.port : ''}\n`);
const stop = () => void app.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
