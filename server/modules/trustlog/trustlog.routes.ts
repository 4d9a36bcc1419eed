import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import {
  CheckpointHistoryQuerySchema,
  CheckpointHistorySchema,
  ConsistencyProofSchema,
  ConsistencyQuerySchema,
  InclusionProofSchema,
  InclusionQuerySchema,
  LogEntriesQuerySchema,
  LogEntriesSchema,
  LogEntryViewSchema,
  LogInfoSchema,
} from '../../../common/schemas/trustlog.js';
import { fromBase64 } from '../../../common/tlog/bytes.js';
import { decodeTilePath, TILE_WIDTH } from '../../../common/tlog/tiles.js';
import { AppError } from '../../errors.js';
import { renderPoster } from './poster.js';
import { presentEntry, presentHashes } from './trustlog.presenter.js';
import type { TrustLogService } from './trustlog.service.js';

const problem = { $ref: 'Problem#' } as const;
const IndexParams = Type.Object({ index: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }) });
const TEXT = 'text/plain; charset=utf-8';

function tileOf(path: string) {
  const parsed = decodeTilePath(path);
  if (!parsed) throw new AppError('not_found');
  return parsed;
}

/** Full tiles never change (cache them forever); partial ones grow. */
function sendTile(reply: FastifyReply, width: number, bytes: Uint8Array) {
  return reply
    .header('cache-control', width === TILE_WIDTH ? 'public, max-age=31536000, immutable' : 'no-cache')
    .type('application/octet-stream')
    .send(Buffer.from(bytes));
}

/**
 * The trust log over HTTP: C2SP tlog-tiles (checkpoint, hash tiles, entry bundles) so any tlog
 * client can read it, plus JSON proofs, entries, receipts and the printable poster.
 */
export const trustlogRoutes: FastifyPluginAsyncTypebox<{ trustlog: TrustLogService }> = async (app, opts) => {
  const { trustlog } = opts;

  app.get(
    '/api/log/checkpoint',
    {
      schema: {
        tags: ['trustlog'],
        summary: 'The latest signed, cosigned checkpoint (C2SP tlog-checkpoint)',
      },
    },
    async (_req, reply) => {
      const { text } = await trustlog.currentCheckpoint();
      return reply.header('cache-control', 'no-cache').type(TEXT).send(text);
    },
  );

  app.get(
    '/api/log/info',
    {
      schema: {
        tags: ['trustlog'],
        summary: 'Origin, verifier key, witnesses, published delay',
        response: { 200: LogInfoSchema },
      },
    },
    async () => trustlog.info(),
  );

  app.get(
    '/api/log/checkpoints',
    {
      schema: {
        tags: ['trustlog'],
        summary: 'Signed checkpoints in size order (for auditors)',
        querystring: CheckpointHistoryQuerySchema,
        response: { 200: CheckpointHistorySchema },
      },
    },
    async (request) => ({
      items: await trustlog.checkpointHistory(request.query.after ?? -1, request.query.limit ?? 100),
    }),
  );

  // Entry bundles before hash tiles: the static segment "entries" must win over ":level".
  app.get(
    '/api/log/tile/entries/*',
    { schema: { tags: ['trustlog'], summary: 'Entry bundle (C2SP tlog-tiles)', response: { 404: problem } } },
    async (request, reply) => {
      const tile = tileOf((request.params as { '*': string })['*']);
      return sendTile(reply, tile.width, await trustlog.entryBundle(tile.index, tile.width));
    },
  );

  app.get(
    '/api/log/tile/:level/*',
    {
      schema: {
        tags: ['trustlog'],
        summary: 'Hash tile (C2SP tlog-tiles)',
        params: Type.Object({ level: Type.Integer({ minimum: 0, maximum: 7 }), '*': Type.String() }),
        response: { 404: problem },
      },
    },
    async (request, reply) => {
      const tile = tileOf(request.params['*']);
      return sendTile(
        reply,
        tile.width,
        await trustlog.hashTile(request.params.level, tile.index, tile.width),
      );
    },
  );

  app.get(
    '/api/log/proof/inclusion',
    {
      schema: {
        tags: ['trustlog'],
        summary:
          'Inclusion proof by leaf index or leaf hash, at a tree size (default: the latest checkpoint)',
        querystring: InclusionQuerySchema,
        response: { 200: InclusionProofSchema, 400: problem, 404: problem },
      },
    },
    async (request) => {
      const { hash } = request.query;
      if ((request.query.index === undefined) === (hash === undefined))
        throw new AppError('validation_failed', { field: 'index|hash' });
      const index = hash !== undefined ? await trustlog.findLeaf(fromBase64(hash)) : request.query.index!;
      const size = request.query.size ?? (await trustlog.currentCheckpoint()).size;
      const entry = await trustlog.entry(index);
      const proof = await trustlog.inclusionProof(index, size);
      return { index, size, leafHash: presentEntry(entry).leafHash, proof: presentHashes(proof) };
    },
  );

  app.get(
    '/api/log/proof/consistency',
    {
      schema: {
        tags: ['trustlog'],
        summary: 'Consistency proof between two tree sizes',
        querystring: ConsistencyQuerySchema,
        response: { 200: ConsistencyProofSchema, 400: problem },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      return { from, to, proof: presentHashes(await trustlog.consistencyProof(from, to)) };
    },
  );

  app.get(
    '/api/log/entries',
    {
      schema: {
        tags: ['trustlog'],
        summary: 'The newest entries, newest first',
        querystring: LogEntriesQuerySchema,
        response: { 200: LogEntriesSchema },
      },
    },
    async (request) =>
      trustlog
        .recentEntries(request.query.before, request.query.limit ?? 20)
        .then(({ size, items }) => ({ size, items: items.map(presentEntry) })),
  );

  app.get(
    '/api/log/entries/:index',
    {
      schema: {
        tags: ['trustlog'],
        summary: 'One entry as recorded',
        params: IndexParams,
        response: { 200: LogEntryViewSchema, 404: problem },
      },
    },
    async (request) => presentEntry(await trustlog.entry(request.params.index)),
  );

  app.get(
    '/api/log/receipt/:index',
    {
      schema: {
        tags: ['trustlog'],
        summary: 'Receipt for an entry (C2SP tlog-proof), to keep and verify offline',
        params: IndexParams,
        response: { 404: problem },
      },
    },
    async (request, reply) => {
      const receipt = await trustlog.receipt(request.params.index);
      return reply
        .type(TEXT)
        .header(
          'content-disposition',
          `attachment; filename="linli-receipt-${request.params.index}.tlog-proof"`,
        )
        .send(receipt);
    },
  );

  app.get(
    '/api/log/poster',
    {
      schema: {
        tags: ['trustlog'],
        summary: 'Printable notice-board poster of the latest checkpoint (HTML)',
      },
    },
    async (request, reply) => {
      const [{ text }, info] = await Promise.all([trustlog.currentCheckpoint(), trustlog.info()]);
      const lang = /^en\b/i.test(request.headers['accept-language'] ?? '') ? 'en' : 'zh-CN';
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(await renderPoster(text, info, lang));
    },
  );
};
