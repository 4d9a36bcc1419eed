import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/helpers/app.js';
import { createTestDb } from '../../../test/helpers/db.js';
import { testServices } from '../../../test/helpers/services.js';
import { AppError } from '../../errors.js';
import { ANONYMOUS, SYSTEM } from '../../lib/actor.js';
import { LogAppender } from '../trustlog/log-appender.js';
import { DivisionsService } from './divisions.service.js';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(async () => {
  await ctx.drop();
});

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await ctx.app.inject({ method: 'GET', url, headers });
  return { status: res.statusCode, body: res.json(), headers: res.headers };
}

describe('GET /api/divisions', () => {
  it('lists the imported areas', async () => {
    const { status, body } = await get('/api/divisions');
    expect(status).toBe(200);
    expect(body.items.map((d: { shortCode: string }) => d.shortCode)).toEqual(['110105009', '440604']);
    const chancheng = body.items.find((d: { shortCode: string }) => d.shortCode === '440604');
    expect(chancheng).toMatchObject({
      name: '禅城区',
      level: 'district',
      childCount: 4,
      pathLabel: '广东省 › 佛山市',
    });
  });
});

describe('GET /api/divisions/{code}', () => {
  it('returns a community with its ancestors, short and 12-digit codes alike', async () => {
    for (const code of ['440604012045']) {
      const { status, body } = await get(`/api/divisions/${code}`);
      expect(status).toBe(200);
      expect(body.division).toMatchObject({
        code: '440604012045',
        name: '塔坡社区居委会',
        shortName: '塔坡社区',
        level: 'community',
        parentCode: '440604012000',
        childCount: 0,
      });
      expect(body.ancestors.map((a: { name: string }) => a.name)).toEqual([
        '广东省',
        '佛山市',
        '禅城区',
        '祖庙街道',
      ]);
    }
    const padded = await get('/api/divisions/440604000000');
    expect(padded.body.division.shortCode).toBe('440604');
  });

  it('is a 404 problem for an unknown code, in the caller’s language', async () => {
    const zh = await get('/api/divisions/440699');
    expect(zh.status).toBe(404);
    expect(zh.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(zh.body).toMatchObject({
      code: 'division_not_found',
      status: 404,
      detail: '找不到代码为 440699 的行政区划。',
    });
    const en = await get('/api/divisions/440699', { 'accept-language': 'en-US,en;q=0.9' });
    expect(en.body.detail).toBe('There is no division with code 440699.');
  });

  it('is a 400 problem for a malformed code', async () => {
    const { status, body } = await get('/api/divisions/44O604');
    expect(status).toBe(400);
    expect(body.code).toBe('validation_failed');
    expect(body.errors[0].path).toBe('params.code');
  });
});

describe('GET /api/divisions/{code}/children', () => {
  it('lists the streets of Chancheng and the communities of 祖庙街道 in official order', async () => {
    const streets = await get('/api/divisions/440604/children');
    expect(streets.body.items.map((d: { name: string }) => d.name)).toEqual([
      '石湾镇街道',
      '张槎街道',
      '祖庙街道',
      '南庄镇',
    ]);
    const zumiao = streets.body.items.find((d: { name: string }) => d.name === '祖庙街道');
    const communities = await get(`/api/divisions/${zumiao.shortCode}/children`);
    expect(communities.status).toBe(200);
    expect(communities.body.items.length).toBe(zumiao.childCount);
    expect(communities.body.items.map((d: { shortName: string }) => d.shortName)).toContain('塔坡社区');
    const codes = communities.body.items.map((d: { code: string }) => d.code);
    expect(codes).toEqual([...codes].sort());
  });

  it('counts 147 communities and villages across Chancheng’s streets', async () => {
    const streets = await get('/api/divisions/440604/children');
    const total = streets.body.items.reduce((n: number, s: { childCount: number }) => n + s.childCount, 0);
    expect(total).toBe(147);
  });

  it('lists 冬奥村社区 and 民族园社区 in 亚运村街道', async () => {
    const { body } = await get('/api/divisions/110105009/children');
    const names = body.items.map((d: { shortName: string }) => d.shortName);
    expect(names).toEqual(expect.arrayContaining(['冬奥村社区', '民族园社区']));
  });

  it('is a 404 problem below an unknown division', async () => {
    expect((await get('/api/divisions/440604999/children')).status).toBe(404);
  });
});

describe('GET /api/divisions/search', () => {
  it.each(['塔坡', 'tapo', 'tp', 'TaPo', '塔坡社区'])('finds 塔坡社区居委会 by %s', async (q) => {
    const { status, body } = await get(`/api/divisions/search?q=${encodeURIComponent(q)}`);
    expect(status).toBe(200);
    expect(body.items[0]).toMatchObject({
      code: '440604012045',
      shortName: '塔坡社区',
      pathLabel: '广东省 › 佛山市 › 禅城区 › 祖庙街道',
    });
  });

  it('finds by code prefix and scopes with `within`', async () => {
    const byCode = await get('/api/divisions/search?q=440604012045');
    expect(byCode.body.items[0].name).toBe('塔坡社区居委会');
    const beijing = await get(
      `/api/divisions/search?q=${encodeURIComponent('社区')}&within=110105009&limit=50`,
    );
    expect(beijing.body.items.length).toBeGreaterThan(5);
    for (const item of beijing.body.items) expect(item.code.startsWith('110105009')).toBe(true);
  });

  it('ranks an exact short name first', async () => {
    const { body } = await get(`/api/divisions/search?q=${encodeURIComponent('祖庙街道')}`);
    expect(body.items[0].name).toBe('祖庙街道');
  });

  it('treats LIKE wildcards literally', async () => {
    const { status, body } = await get(`/api/divisions/search?q=${encodeURIComponent('%_')}`);
    expect(status).toBe(200);
    expect(body.items).toEqual([]);
  });

  it.each([
    ['', 'querystring.q'],
    [`${'长'.repeat(41)}`, 'querystring.q'],
  ])('rejects q=%j with validation_failed', async (q, path) => {
    const { status, body } = await get(`/api/divisions/search?q=${encodeURIComponent(q)}`);
    expect(status).toBe(400);
    expect(body.code).toBe('validation_failed');
    expect(body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('rejects a missing q, a bad limit and unknown parameters', async () => {
    expect((await get('/api/divisions/search')).body.code).toBe('validation_failed');
    expect((await get('/api/divisions/search?q=tp&limit=0')).status).toBe(400);
    expect((await get('/api/divisions/search?q=tp&limit=abc')).status).toBe(400);
    expect((await get('/api/divisions/search?q=tp&within=12x')).status).toBe(400);
    expect((await get('/api/divisions/search?q=tp&sort=name')).status).toBe(400);
  });
});

describe('importing', () => {
  it('changes nothing when the same area is imported twice, even concurrently', async () => {
    const fresh = await createTestDb();
    try {
      const service = testServices(fresh.db).divisions;
      const [a, b] = await Promise.all([
        service.importArea(SYSTEM, '440604'),
        service.importArea(SYSTEM, '440604'),
      ]);
      expect(a.inserted + b.inserted).toBe(154);
      const again = await service.importArea(SYSTEM, '440604');
      expect(again).toMatchObject({ total: 154, inserted: 0, name: '禅城区' });
      const rows = await fresh.db.kysely
        .selectFrom('divisions')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(rows.n)).toBe(154);
      expect((await service.roots(ANONYMOUS)).items).toHaveLength(1);
    } finally {
      await fresh.drop();
    }
  });

  it('refuses an unknown code and an anonymous importer, changing nothing', async () => {
    const fresh = await createTestDb();
    try {
      const service = testServices(fresh.db).divisions;
      await expect(service.importArea(SYSTEM, '440699')).rejects.toMatchObject({
        code: 'division_not_found',
      });
      await expect(service.importArea(ANONYMOUS, '440604')).rejects.toBeInstanceOf(AppError);
      expect(await service.isEmpty()).toBe(true);
    } finally {
      await fresh.drop();
    }
  });
});

describe('the search index', () => {
  it('sees an import by this process at once and one by another process after its TTL', async () => {
    const fresh = await createTestDb();
    try {
      let clock = 1_000_000;
      const reader = new DivisionsService(fresh.db, new LogAppender(fresh.db.dialect), () => clock);
      const otherProcess = testServices(fresh.db).divisions;
      expect((await reader.search(ANONYMOUS, { q: '塔坡' })).items).toEqual([]);
      await otherProcess.importArea(SYSTEM, '440604');
      expect((await reader.search(ANONYMOUS, { q: '塔坡' })).items).toEqual([]);
      clock += 16_000;
      expect((await reader.search(ANONYMOUS, { q: '塔坡' })).items.map((d) => d.shortName)).toEqual([
        '塔坡社区',
      ]);
      await reader.importArea(SYSTEM, '110105009');
      expect((await reader.search(ANONYMOUS, { q: '冬奥村' })).items.map((d) => d.shortName)).toEqual([
        '冬奥村社区',
      ]);
    } finally {
      await fresh.drop();
    }
  });

  it('serves the same result as JSON over HTTP as the service returns', async () => {
    const service = ctx.services.divisions;
    for (const q of ['塔', 'tp', '4406040120', '社区']) {
      const http = await get(`/api/divisions/search?q=${encodeURIComponent(q)}`);
      expect(http.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(http.body).toEqual(await service.search(ANONYMOUS, { q }));
      expect(http.body.items.length).toBeLessThanOrEqual(10);
    }
  });
});
