import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ageOn } from '../../../common/identity/resident-id.js';
import { createTestApp, type TestContext } from '../../../test/helpers/app.js';
import { signInOverHttp } from '../../../test/helpers/auth.js';

// Under-14s only with a guardian's account and consent (PIPL art. 31).
const CHILD_ID = '440604201506010021'; // born 2015-06-01
const PARENT_ID = '44060419800101003X'; // born 1980-01-01
let ctx: TestContext;
let child: Awaited<ReturnType<typeof signInOverHttp>>;
let parent: Awaited<ReturnType<typeof signInOverHttp>>;
let unverified: Awaited<ReturnType<typeof signInOverHttp>>;

beforeAll(async () => {
  ctx = await createTestApp(['440604']);
  child = await signInOverHttp(ctx.app, ctx.services, '13700000001');
  parent = await signInOverHttp(ctx.app, ctx.services, '13700000002');
  unverified = await signInOverHttp(ctx.app, ctx.services, '13700000003');
});
afterAll(async () => {
  await ctx.drop();
});

const req = (method: 'GET' | 'POST' | 'DELETE', url: string, who: { headers: object }, payload?: object) =>
  ctx.app.inject({
    method,
    url,
    headers: who.headers as Record<string, string>,
    ...(payload ? { payload } : {}),
  });
const submitChild = () =>
  req('POST', '/api/me/verification/real-name', child, {
    realName: '李小宝',
    residentId: CHILD_ID,
    consentSensitive: true,
  });
const links = async (who: { headers: object }) => (await req('GET', '/api/me/family', who)).json().items;
const childRow = () =>
  ctx.db.kysely
    .selectFrom('accounts')
    .selectAll()
    .where('id', '=', child.accountId)
    .executeTakeFirstOrThrow();

describe('ages from GB 11643 ID numbers', () => {
  it('counts full years, turning 14 on the birthday', () => {
    expect(ageOn('440604201212040014', new Date('2026-12-03T12:00:00Z'))).toBe(13);
    expect(ageOn('440604201212030019', new Date('2026-12-03T00:00:00Z'))).toBe(14);
    expect(ageOn(PARENT_ID, new Date('2026-12-03T00:00:00Z'))).toBe(46);
  });
});

describe('a child under 14', () => {
  it('cannot be verified without a guardian: a clear problem, nothing stored', async () => {
    const res = await submitChild();
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'guardian_consent_required' });
    expect(res.json().detail).toContain('14');
    expect(await childRow()).toMatchObject({
      verification: 'phone',
      resident_id_cipher: null,
      name_cipher: null,
    });
  });

  it('is still refused with a linked parent who has not consented, or who is not a verified adult', async () => {
    await req('POST', '/api/me/family', child, { phone: '13700000002', relation: 'parent' });
    const [asked] = await links(parent);
    expect((await req('POST', `/api/me/family/${asked.id}/confirm`, parent)).statusCode).toBe(204);
    expect((await submitChild()).json().code).toBe('guardian_consent_required');
    // The parent is not verified yet: may not consent.
    const early = await req('POST', `/api/me/family/${asked.id}/guardian-consent`, parent);
    expect(early.statusCode).toBe(403);
    expect(early.json().code).toBe('guardian_not_eligible');
    // The child side may not consent for itself; a stranger cannot see the link.
    expect((await req('POST', `/api/me/family/${asked.id}/guardian-consent`, child)).statusCode).toBe(404);
    expect((await req('POST', `/api/me/family/${asked.id}/guardian-consent`, unverified)).statusCode).toBe(
      404,
    );
    // A sibling link is no guardianship.
    await req('POST', '/api/me/family', unverified, { phone: '13700000001', relation: 'sibling' });
    const sibling = (await links(child)).find((l: { relation: string }) => l.relation === 'sibling');
    await req('POST', `/api/me/family/${sibling.id}/confirm`, child);
    expect((await req('POST', `/api/me/family/${sibling.id}/guardian-consent`, unverified)).statusCode).toBe(
      404,
    );
  });

  it('is verified once a verified adult parent consents; the log names the guardian by pseudonym only', async () => {
    expect(
      (
        await req('POST', '/api/me/verification/real-name', parent, {
          realName: '李大明',
          residentId: PARENT_ID,
          consentSensitive: true,
        })
      ).statusCode,
    ).toBe(204);
    const [link] = (await links(parent)).filter((l: { guardian: string }) => l.guardian === 'me');
    expect(link).toMatchObject({ relation: 'child', guardianConsent: false });
    expect((await req('POST', `/api/me/family/${link.id}/guardian-consent`, parent)).statusCode).toBe(204);
    expect((await links(child)).find((l: { id: string }) => l.id === link.id)).toMatchObject({
      guardian: 'them',
      guardianConsent: true,
    });
    expect((await submitChild()).statusCode).toBe(204);
    expect((await req('GET', '/api/me', child)).json().verification).toBe('real_name');
    const entries = (
      await ctx.db.kysely.selectFrom('log_entries').select('body').orderBy('idx').execute()
    ).map((e) => JSON.parse(Buffer.from(e.body).toString('utf8')));
    const consent = entries.find((e) => e.kind === 'identity.guardian_consent');
    const verification = entries.findLast((e) => e.kind === 'identity.verification');
    expect(verification.data.guardian).toBe(consent.data.guardian);
    const text = JSON.stringify(entries);
    for (const secret of [CHILD_ID, PARENT_ID, '李小宝', '李大明']) expect(text).not.toContain(secret);
  });

  it('needs consent again after the guardian withdraws it', async () => {
    const [link] = (await links(parent)).filter((l: { guardian: string }) => l.guardian === 'me');
    expect((await req('DELETE', `/api/me/family/${link.id}/guardian-consent`, parent)).statusCode).toBe(204);
    expect((await req('DELETE', `/api/me/family/${link.id}/guardian-consent`, parent)).statusCode).toBe(404);
    // Re-submitting (e.g. a corrected name) is refused again until the guardian consents.
    expect((await submitChild()).json().code).toBe('guardian_consent_required');
  });
});
