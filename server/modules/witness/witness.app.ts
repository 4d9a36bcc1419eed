import Fastify, { type FastifyInstance } from 'fastify';
import type { WitnessService } from './witness.service.js';

/** The witness's HTTP face: POST /add-checkpoint (C2SP tlog-witness) and GET / with its key. */
export function buildWitnessApp(
  witness: WitnessService,
  info: { verifierKey: string; logs: string[] },
): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 256 * 1024 });
  app.post('/add-checkpoint', async (request, reply) => {
    if (typeof request.body !== 'string')
      return reply.status(400).type('text/plain').send('expected a text/plain body\n');
    const result = await witness.addCheckpoint(request.body);
    return reply.status(result.status).type(result.contentType).send(result.body);
  });
  app.get('/', async () => info);
  return app;
}
