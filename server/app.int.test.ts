import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../test/helpers/app.js';
import { testDialect } from '../test/helpers/env.js';
import { latestMigrationName } from './db/migrator.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp([]);
  // Routes that exist only to exercise the error handler and graceful shutdown.
  ctx.app.get('/api/test/boom', async () => {
    throw new Error('secret internal detail');
  });
  ctx.app.post('/api/test/echo', async (request) => ({ got: request.body }));
  ctx.app.get('/api/test/slow', async () => {
    await new Promise((r) => setTimeout(r, 300));
    return { done: true };
  });
});
afterAll(async () => {
  await ctx.drop();
});

describe('system', () => {
  it('reports health with the database kind and schema version', async () => {
    const res = await ctx.app.inject('/api/health');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', db: testDialect, schemaVersion: latestMigrationName });
  });

  it('serves the OpenAPI document with the division routes and the docs page', async () => {
    const doc = (await ctx.app.inject('/api/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/health',
        '/api/divisions/search',
        '/api/divisions/{code}',
        '/api/divisions/{code}/children',
      ]),
    );
    const docs = await ctx.app.inject('/api/docs');
    expect([200, 302]).toContain(docs.statusCode);
  });

  it('echoes a sane request id and makes one otherwise', async () => {
    const kept = await ctx.app.inject({ url: '/api/health', headers: { 'x-request-id': 'abc-123' } });
    expect(kept.headers['x-request-id']).toBe('abc-123');
    const replaced = await ctx.app.inject({
      url: '/api/health',
      headers: { 'x-request-id': 'bad id\u0000' },
    });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f]{12}-[0-9a-z]+$/);
  });
});

describe('errors are problem documents', () => {
  it('unknown API route → 404 route_not_found', async () => {
    const res = await ctx.app.inject('/api/nope');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'route_not_found', status: 404, instance: '/api/nope' });
  });

  it('a known path with another method → 405 method_not_allowed with Allow', async () => {
    const res = await ctx.app.inject({ method: 'DELETE', url: '/api/divisions/440604' });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('GET');
    expect(res.json()).toMatchObject({ code: 'method_not_allowed', status: 405 });
    const unknown = await ctx.app.inject({ method: 'DELETE', url: '/api/nope/1' });
    expect(unknown.json()).toMatchObject({ code: 'route_not_found' });
  });

  it('an unexpected failure → 500 without internals', async () => {
    const res = await ctx.app.inject({ url: '/api/test/boom', headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('secret');
    expect(res.json()).toMatchObject({ code: 'internal_error', requestId: res.headers['x-request-id'] });
  });

  it('malformed JSON → 400 bad_request; wrong media type → 415; huge body → 413', async () => {
    const bad = await ctx.app.inject({
      method: 'POST',
      url: '/api/test/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"a":',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('bad_request');
    const media = await ctx.app.inject({
      method: 'POST',
      url: '/api/test/echo',
      headers: { 'content-type': 'application/x-foo' },
      payload: 'x',
    });
    expect(media.statusCode).toBe(415);
    expect(media.json().code).toBe('unsupported_media_type');
    const huge = await ctx.app.inject({
      method: 'POST',
      url: '/api/test/echo',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ a: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().code).toBe('payload_too_large');
  });
});

describe('graceful shutdown', () => {
  it('lets an in-flight request finish when the server closes', async () => {
    const { app: fresh, drop } = await createTestApp([]);
    fresh.get('/api/test/slow', async () => {
      await new Promise((r) => setTimeout(r, 300));
      return { done: true };
    });
    await fresh.listen({ port: 0, host: '127.0.0.1' });
    const address = fresh.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const inFlight = fetch(`http://127.0.0.1:${port}/api/test/slow`);
    await new Promise((r) => setTimeout(r, 50));
    const closing = fresh.close();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ done: true });
    await closing;
    await drop();
  });
});
