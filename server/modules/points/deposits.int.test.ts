import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/helpers/app.js';
import { AppError } from '../../errors.js';
import { type Actor, SYSTEM } from '../../lib/actor.js';
import { accountIds } from './ledger.js';

let ctx: TestContext;
let C1: string;
let resident: string;

const balanceOf = async (id: string) =>
  Number(
    (
      await ctx.db.kysely
        .selectFrom('points_accounts')
        .select('balance')
        .where('id', '=', id)
        .executeTakeFirst()
    )?.balance ?? 0,
  );

beforeAll(async () => {
  ctx = await createTestApp(['440604']);
  C1 = (await ctx.services.divisions.communitiesUnder('440604'))[0]!.code;
  const { accountId } = await ctx.services.accounts.ensureAccount(SYSTEM, '13710000001');
  resident = accountId;
  const actor: Actor = { kind: 'person', accountId, grants: [] };
  await ctx.services.privacy.updateProfile(actor, { homeDivision: C1 });
  await ctx.services.points.setBudget(SYSTEM, C1, 1000);
  await ctx.services.points.settleHelp({
    providerId: resident,
    recipientId: null,
    communityCode: C1,
    minutes: 60,
    keyScope: 'system',
    idempotencyKey: 'deposit-test-earn',
    initiatorId: null,
  });
});
afterAll(async () => {
  await ctx.drop();
});

describe('deposits (押金)', () => {
  it('holds into the community escrow, releases back and forfeits to the pool, double-entry and once per key', async () => {
    const points = ctx.services.points;
    expect(await balanceOf(accountIds.resident(resident))).toBe(10);
    const input = { accountId: resident, communityCode: C1, amount: 6, initiatorId: null };
    const held = await points.withDeposits((_trx, d) => d.hold({ ...input, idempotencyKey: 'loan-1:hold' }));
    expect(held).toMatchObject({ type: 'deposit', amount: 6, replayed: false });
    expect(held.logIndex).toBeGreaterThan(0);
    const again = await points.withDeposits((_trx, d) => d.hold({ ...input, idempotencyKey: 'loan-1:hold' }));
    expect(again).toMatchObject({ id: held.id, replayed: true });
    expect(await balanceOf(accountIds.resident(resident))).toBe(4);
    expect(await balanceOf(accountIds.escrow(C1))).toBe(6);

    const refused = await points
      .withDeposits((_trx, d) => d.hold({ ...input, amount: 5, idempotencyKey: 'loan-2:hold' }))
      .catch((e: AppError) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('points_insufficient');
    expect((refused as AppError).details).toEqual({ available: 4 });

    await points.withDeposits((_trx, d) =>
      d.release({ ...input, amount: 4, idempotencyKey: 'loan-1:release' }),
    );
    await points.withDeposits((_trx, d) =>
      d.forfeit({ ...input, amount: 2, idempotencyKey: 'loan-1:forfeit' }),
    );
    expect(await balanceOf(accountIds.resident(resident))).toBe(8);
    expect(await balanceOf(accountIds.escrow(C1))).toBe(0);
    expect(await balanceOf(accountIds.pool(C1))).toBe(2);
    // The escrow account never goes below zero.
    const over = await points
      .withDeposits((_trx, d) => d.release({ ...input, amount: 1, idempotencyKey: 'loan-9:release' }))
      .catch((e: AppError) => e);
    expect((over as AppError).code).toBe('points_insufficient');
    expect(await points.audit(SYSTEM)).toEqual([]);

    const statement = await points.statement({ kind: 'person', accountId: resident, grants: [] }, {});
    expect(statement.items.map((l) => l.type)).toEqual(
      expect.arrayContaining(['deposit', 'deposit_release']),
    );
  });

  it('rolls the deposit back with the rest of the transaction when the caller fails', async () => {
    const before = await balanceOf(accountIds.resident(resident));
    const failed = await ctx.services.points
      .withDeposits(async (_trx, d) => {
        await d.hold({
          accountId: resident,
          communityCode: C1,
          amount: 1,
          idempotencyKey: 'loan-3:hold',
          initiatorId: null,
        });
        throw new AppError('hut_unit_unavailable', { status: 'on_loan' });
      })
      .catch((e: AppError) => e.code);
    expect(failed).toBe('hut_unit_unavailable');
    expect(await balanceOf(accountIds.resident(resident))).toBe(before);
  });
});
