import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/helpers/app.js';
import { signInOverHttp } from '../../../test/helpers/auth.js';
import { SYSTEM } from '../../lib/actor.js';

// Who may do what to whose data: every actor against every staff action on one resident.
const TAPO = '440604012045'; // 塔坡社区 in 祖庙街道
const OTHER = '440604011001'; // a community in 张槎街道
const ZUMIAO = '440604012000';
const DISTRICT = '440604000000';

type Who =
  | 'anonymous'
  | 'self'
  | 'neighbour'
  | 'workerHere'
  | 'workerElsewhere'
  | 'streetAdmin'
  | 'districtAdmin';
let ctx: TestContext;
const headers = {} as Record<Who, Record<string, string>>;
let subjectId: string;
/** 代办: a resident of 塔坡 without a phone, managed by the community. */
let managedId: string;

beforeAll(async () => {
  ctx = await createTestApp(['440604']);
  await ctx.services.accounts.grantRoleByPhone(SYSTEM, '13500000003', 'worker', TAPO);
  await ctx.services.accounts.grantRoleByPhone(SYSTEM, '13500000004', 'worker', OTHER);
  await ctx.services.accounts.grantRoleByPhone(SYSTEM, '13500000005', 'street_admin', ZUMIAO);
  await ctx.services.accounts.grantRoleByPhone(SYSTEM, '13500000006', 'district_admin', DISTRICT);
  const phones: [Who, string][] = [
    ['self', '13500000001'],
    ['neighbour', '13500000002'],
    ['workerHere', '13500000003'],
    ['workerElsewhere', '13500000004'],
    ['streetAdmin', '13500000005'],
    ['districtAdmin', '13500000006'],
  ];
  for (const [who, phone] of phones)
    headers[who] = (await signInOverHttp(ctx.app, ctx.services, phone)).headers;
  headers.anonymous = {};
  subjectId = (await ctx.app.inject({ url: '/api/me', headers: headers.self })).json().id;
  await ctx.app.inject({
    method: 'PATCH',
    url: '/api/me/profile',
    headers: headers.self,
    payload: { homeDivision: TAPO },
  });
  await ctx.app.inject({
    method: 'PATCH',
    url: '/api/me/profile',
    headers: headers.neighbour,
    payload: { homeDivision: OTHER },
  });
  await ctx.app.inject({
    method: 'POST',
    url: '/api/me/verification/real-name',
    headers: headers.self,
    payload: { realName: '张三', residentId: '440524188001010014', consentSensitive: true },
  });
  managedId = (
    await ctx.app.inject({
      method: 'POST',
      url: '/api/staff/managed',
      headers: headers.workerHere,
      payload: { nickname: '陈阿婆', homeDivision: TAPO },
    })
  ).json().id;
});
afterAll(async () => {
  await ctx.drop();
});

const actors: Who[] = [
  'anonymous',
  'self',
  'neighbour',
  'workerHere',
  'workerElsewhere',
  'streetAdmin',
  'districtAdmin',
];

describe('policy matrix', () => {
  const table: [
    string,
    (id: string) => { method: 'GET' | 'POST' | 'PATCH'; url: string; payload?: object },
    Record<Who, number>,
  ][] = [
    [
      'see the full phone number (with a reason)',
      (id) => ({
        method: 'POST',
        url: `/api/staff/accounts/${id}/reveal`,
        payload: { field: 'phone', reason: '核对联系方式' },
      }),
      {
        anonymous: 401,
        self: 404,
        neighbour: 404,
        workerHere: 200,
        workerElsewhere: 404,
        streetAdmin: 200,
        districtAdmin: 200,
      },
    ],
    [
      'see the full ID number (with a reason)',
      (id) => ({
        method: 'POST',
        url: `/api/staff/accounts/${id}/reveal`,
        payload: { field: 'resident_id', reason: '核对身份证' },
      }),
      {
        anonymous: 401,
        self: 404,
        neighbour: 404,
        workerHere: 200,
        workerElsewhere: 404,
        streetAdmin: 200,
        districtAdmin: 200,
      },
    ],
    [
      'confirm party membership',
      (id) => ({ method: 'POST', url: `/api/staff/accounts/${id}/party-member` }),
      {
        anonymous: 401,
        self: 404,
        neighbour: 404,
        workerHere: 204,
        workerElsewhere: 404,
        streetAdmin: 204,
        districtAdmin: 204,
      },
    ],
    [
      'read the verification queue',
      () => ({ method: 'GET', url: '/api/staff/verification-queue' }),
      {
        anonymous: 401,
        self: 403,
        neighbour: 403,
        workerHere: 200,
        workerElsewhere: 200,
        streetAdmin: 200,
        districtAdmin: 200,
      },
    ],
    [
      'act for a resident without a phone (代办)',
      () => ({ method: 'PATCH', url: `/api/staff/managed/${managedId}/profile`, payload: { unit: '1-101' } }),
      {
        anonymous: 401,
        self: 403,
        neighbour: 403,
        workerHere: 204,
        workerElsewhere: 403,
        streetAdmin: 204,
        districtAdmin: 204,
      },
    ],
    [
      'register a resident without a phone in 塔坡',
      () => ({
        method: 'POST',
        url: '/api/staff/managed',
        payload: { nickname: '李伯', homeDivision: TAPO },
      }),
      {
        anonymous: 401,
        self: 403,
        neighbour: 403,
        workerHere: 201,
        workerElsewhere: 403,
        streetAdmin: 201,
        districtAdmin: 201,
      },
    ],
    [
      'list residents without a phone',
      () => ({ method: 'GET', url: '/api/staff/managed' }),
      {
        anonymous: 401,
        self: 403,
        neighbour: 403,
        workerHere: 200,
        workerElsewhere: 200,
        streetAdmin: 200,
        districtAdmin: 200,
      },
    ],
    [
      'list role grants',
      () => ({ method: 'GET', url: '/api/staff/grants' }),
      {
        anonymous: 401,
        self: 403,
        neighbour: 403,
        workerHere: 403,
        workerElsewhere: 403,
        streetAdmin: 200,
        districtAdmin: 200,
      },
    ],
    [
      'grant a worker role in 张槎街道',
      () => ({
        method: 'POST',
        url: '/api/staff/grants',
        payload: { phone: '13500000099', role: 'worker', divisionCode: OTHER },
      }),
      {
        anonymous: 403,
        self: 403,
        neighbour: 403,
        workerHere: 403,
        workerElsewhere: 403,
        streetAdmin: 403,
        districtAdmin: 201,
      },
    ],
  ];

  for (const [action, request, expected] of table) {
    it.each(actors)(`${action}: %s`, async (who) => {
      const r = request(subjectId);
      const res = await ctx.app.inject({
        method: r.method,
        url: r.url,
        headers: headers[who],
        ...(r.payload ? { payload: r.payload } : {}),
      });
      expect(res.statusCode, res.body).toBe(expected[who]);
    });
  }

  it('shows the resident in the queue only to staff whose divisions cover them', async () => {
    const seen = async (who: Who) =>
      (await ctx.app.inject({ url: '/api/staff/verification-queue', headers: headers[who] }))
        .json()
        .items.some((i: { id: string }) => i.id === subjectId);
    expect(await seen('workerHere')).toBe(true);
    expect(await seen('streetAdmin')).toBe(true);
    expect(await seen('districtAdmin')).toBe(true);
    expect(await seen('workerElsewhere')).toBe(false);
  });

  it('never shows one resident’s private fields to another', async () => {
    const other = await ctx.app.inject({ url: '/api/me/export', headers: headers.neighbour });
    expect(other.body).not.toContain('13500000001');
    expect(other.body).not.toContain('张三');
    expect(other.body).not.toContain('440524188001010014');
    const access = await ctx.app.inject({ url: '/api/me/access-log', headers: headers.neighbour });
    expect(access.json().items).toEqual([]);
    const mine = (await ctx.app.inject({ url: '/api/me/access-log', headers: headers.self })).json().items;
    expect(mine.map((a: { field: string }) => a.field).sort()).toEqual([
      'phone',
      'phone',
      'phone',
      'resident_id',
      'resident_id',
      'resident_id',
    ]);
  });

  it('lets a district admin revoke a grant, and the worker loses the power at once', async () => {
    const grants = (await ctx.app.inject({ url: '/api/staff/grants', headers: headers.districtAdmin })).json()
      .items;
    const here = grants.find(
      (g: { divisionCode: string; role: string }) => g.divisionCode === TAPO && g.role === 'worker',
    );
    expect(
      (
        await ctx.app.inject({
          method: 'DELETE',
          url: `/api/staff/grants/${here.id}`,
          headers: headers.workerHere,
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await ctx.app.inject({
          method: 'DELETE',
          url: `/api/staff/grants/${here.id}`,
          headers: headers.districtAdmin,
        })
      ).statusCode,
    ).toBe(204);
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/staff/accounts/${subjectId}/reveal`,
      headers: headers.workerHere,
      payload: { field: 'phone', reason: '核对联系方式' },
    });
    expect(res.statusCode).toBe(404);
  });
});

describe('personal access tokens for staff scripts', () => {
  it('are for staff only, act with their grants without CSRF, and stop working when revoked', async () => {
    expect(
      (
        await ctx.app.inject({
          method: 'POST',
          url: '/api/me/tokens',
          headers: headers.neighbour,
          payload: { name: 'x', days: 30 },
        })
      ).statusCode,
    ).toBe(403);
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/me/tokens',
      headers: headers.districtAdmin,
      payload: { name: '统计脚本', days: 30 },
    });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json();
    expect(token).toMatch(/^linli_pat_/);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await ctx.app.inject({ url: '/api/staff/grants', headers: bearer })).statusCode).toBe(200);
    const post = await ctx.app.inject({
      method: 'POST',
      url: '/api/staff/grants',
      headers: bearer,
      payload: { phone: '13500000098', role: 'auditor', divisionCode: DISTRICT },
    });
    expect(post.statusCode).toBe(201);
    const listed = (await ctx.app.inject({ url: '/api/me/tokens', headers: headers.districtAdmin })).json()
      .items;
    expect(listed).toEqual([expect.objectContaining({ id, name: '统计脚本' })]);
    expect(JSON.stringify(listed)).not.toContain(token);
    expect(
      (
        await ctx.app.inject({
          method: 'DELETE',
          url: `/api/me/tokens/${id}`,
          headers: headers.districtAdmin,
        })
      ).statusCode,
    ).toBe(204);
    expect((await ctx.app.inject({ url: '/api/staff/grants', headers: bearer })).statusCode).toBe(401);
    expect(
      (await ctx.app.inject({ url: '/api/me', headers: { authorization: 'Bearer linli_pat_forged' } }))
        .statusCode,
    ).toBe(401);
  });
});
