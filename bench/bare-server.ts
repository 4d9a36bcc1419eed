import Fastify from 'fastify';

// The baseline for the http group: a bare Fastify route returning a constant, in its own process
// like the real server, so the two throughputs can be compared in one run.
const app = Fastify({ logger: false });
app.get('/bare', async () => ({ ok: true }));
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
