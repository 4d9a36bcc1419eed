import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseVerifierKey } from '../../../common/tlog/note.js';
import { createTestDb } from '../../../test/helpers/db.js';
import { testDialect } from '../../../test/helpers/env.js';
import { testServices } from '../../../test/helpers/services.js';
import { type Db, openDatabase } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { type Actor, SYSTEM } from '../../lib/actor.js';
import type { Services } from '../../services.js';
import { databaseSource } from '../trustlog/log-sources.js';
import { verifyLog } from '../trustlog/log-verifier.js';

/**
 * Random concurrent transfers, retries and reversals from two service instances, each with its own
 * connections on PostgreSQL (two pools on one database, as two server processes would); on SQLite
 * they share the one connection that a process has. After every run the ledger's invariants must hold.
 */
const RESIDENTS = 6;
let first: Services;
let second: Services;
let dbs: Db[] = [];
let cleanup: () => Promise<void>;
const residents: string[] = [];
let links: Map<string, string>;
let community: string;
const admin: Actor = { kind: 'person', accountId: '', grants: [] };
const person = (accountId: string): Actor => ({ kind: 'person', accountId, grants: [] });

beforeAll(async () => {
  if (testDialect === 'postgres') {
    const testDb = await createTestDb();
    const other = await openDatabase({ databaseUrl: testDb.url, dataDir: ':memory:', poolSize: 5 });
    dbs = [testDb.db, other];
    cleanup = async () => {
      await other.close();
      await testDb.drop();
    };
  } else {
    // better-sqlite3 is synchronous: a second connection in this same thread would block the
    // thread while waiting for the first one's lock. Two service instances share one connection
    // here; separate processes on one file are covered by the CLI crash test.
    const testDb = await createTestDb();
    dbs = [testDb.db, testDb.db];
    cleanup = () => testDb.drop();
  }
  first = testServices(dbs[0]!);
  second = testServices(dbs[1]!);
  await first.divisions.importArea(SYSTEM, '440604010');
  community = (await first.divisions.communitiesUnder('440604010'))[0]!.code;
  for (let i = 0; i < RESIDENTS; i++) {
    const { accountId } = await first.accounts.ensureAccount(SYSTEM, `1360000000${i}`);
    await first.privacy.updateProfile(person(accountId), { homeDivision: community });
    residents.push(accountId);
  }
  // A ring of family links, so every resident can give to two others.
  links = new Map();
  for (let i = 0; i < RESIDENTS; i++) {
    const a = residents[i]!;
    const b = residents[(i + 1) % RESIDENTS]!;
    await first.family.request(person(a), `1360000000${(i + 1) % RESIDENTS}`, 'sibling');
    const link = (await first.family.list(person(b))).find(
      (l) => l.status === 'pending' && l.direction === 'incoming',
    )!;
    await first.family.confirm(person(b), link.id);
    links.set(`${a}>${b}`, link.id);
    links.set(`${b}>${a}`, link.id);
  }
  Object.assign(admin, {
    accountId: residents[0],
    grants: [
      { role: 'district_admin', divisionCode: '440604000000' },
      { role: 'worker', divisionCode: community },
    ],
  });
  const rules = (await first.points.currentRules('440604000000')).rules;
  await first.points.setRules(admin, '440604', { ...rules, giftMonthlyCap: 1_000_000, storageCap: 400 });
  await first.points.setBudget(admin, community, 1_000_000);
});
afterAll(async () => {
  await cleanup?.();
});

type Op =
  | { kind: 'gift'; from: number; step: 1 | -1; amount: number; key: string }
  | { kind: 'donate'; from: number; amount: number; key: string }
  | { kind: 'earn'; to: number; minutes: number; key: string }
  | { kind: 'adjust'; to: number; amount: number; key: string }
  | { kind: 'reverse'; pick: number; key: string };

let run = 0;
const opArb = (runId: () => number) =>
  fc.oneof(
    fc.record({
      kind: fc.constant('gift' as const),
      from: fc.nat(RESIDENTS - 1),
      step: fc.constantFrom(1 as const, -1 as const),
      amount: fc.integer({ min: 1, max: 60 }),
      key: fc.uuid().map((u) => `g-${runId()}-${u}`),
    }),
    fc.record({
      kind: fc.constant('donate' as const),
      from: fc.nat(RESIDENTS - 1),
      amount: fc.integer({ min: 1, max: 40 }),
      key: fc.uuid().map((u) => `d-${runId()}-${u}`),
    }),
    fc.record({
      kind: fc.constant('earn' as const),
      to: fc.nat(RESIDENTS - 1),
      minutes: fc.integer({ min: 6, max: 600 }),
      key: fc.uuid().map((u) => `e-${runId()}-${u}`),
    }),
    fc.record({
      kind: fc.constant('adjust' as const),
      to: fc.nat(RESIDENTS - 1),
      amount: fc.integer({ min: -80, max: 80 }).filter((n) => n !== 0),
      key: fc.uuid().map((u) => `a-${runId()}-${u}`),
    }),
    fc.record({
      kind: fc.constant('reverse' as const),
      pick: fc.nat(1000),
      key: fc.uuid().map((u) => `r-${runId()}-${u}`),
    }),
  );

const posted: string[] = [];

async function perform(services: Services, op: Op): Promise<string | null> {
  switch (op.kind) {
    case 'gift': {
      const from = residents[op.from]!;
      const to = residents[(op.from + op.step + RESIDENTS) % RESIDENTS]!;
      const r = await services.points.gift(person(from), {
        familyLinkId: links.get(`${from}>${to}`)!,
        amount: op.amount,
        idempotencyKey: op.key,
      });
      return r.id;
    }
    case 'donate':
      return (
        await services.points.donate(person(residents[op.from]!), {
          amount: op.amount,
          idempotencyKey: op.key,
        })
      ).id;
    case 'earn':
      return (
        await services.points.recordHelp(admin, {
          accountId: residents[op.to]!,
          minutes: op.minutes,
          memo: 'property test',
          idempotencyKey: op.key,
        })
      ).id;
    case 'adjust': {
      const r = await services.points.requestAdjustment(admin, {
        accountId: residents[op.to]!,
        amount: op.amount,
        reason: 'property test',
        idempotencyKey: op.key,
      });
      return r.transferId;
    }
    case 'reverse': {
      if (posted.length === 0) return null;
      const target = posted[op.pick % posted.length]!;
      return (
        await services.points.reverse(admin, target, { reason: 'property test', idempotencyKey: op.key })
      ).id;
    }
  }
}

/** Business refusals (not enough points, already reversed …) are expected; anything else is a bug. */
async function attempt(services: Services, op: Op): Promise<string | null | 'refused'> {
  try {
    return await perform(services, op);
  } catch (error) {
    if (error instanceof AppError && error.status < 500) return 'refused';
    throw error;
  }
}

describe(`the ledger under concurrency (${testDialect})`, () => {
  it('keeps every invariant through random concurrent transfers, retries and reversals', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          opArb(() => run),
          { minLength: 5, maxLength: 30 },
        ),
        fc.array(fc.nat(29), { maxLength: 10 }),
        async (ops, retries) => {
          run++;
          const retried = retries.filter((i) => i < ops.length).map((i) => ops[i]!);
          const all = [...ops, ...retried];
          const results = await Promise.all(all.map((op, i) => attempt(i % 2 === 0 ? first : second, op)));
          // A retry of a key that was paid must answer with the same transfer, never a second one.
          const byKey = new Map<string, string>();
          for (const [i, op] of all.entries()) {
            const result = results[i];
            if (typeof result !== 'string' || result === 'refused') continue;
            const seen = byKey.get(op.key);
            if (seen) expect(result).toBe(seen);
            byKey.set(op.key, result);
            if (op.kind !== 'reverse') posted.push(result);
          }
          expect(await first.points.audit(SYSTEM)).toEqual([]);
          const transfers = await dbs[0]!.kysely
            .selectFrom('points_transfers')
            .select(['key_scope', 'idempotency_key'])
            .execute();
          expect(new Set(transfers.map((t) => `${t.key_scope}/${t.idempotency_key}`)).size).toBe(
            transfers.length,
          );
        },
      ),
      { numRuns: testDialect === 'postgres' ? 12 : 20 },
    );
    await first.trustlog.issueCheckpoint(SYSTEM);
    const key = parseVerifierKey(sha256, (await first.trustlog.info()).verifierKey);
    const report = await verifyLog(databaseSource(dbs[0]!), { log: key, witnesses: [] });
    expect(report.ok).toBe(true);
    const balances = await dbs[0]!.kysely.selectFrom('points_accounts').select(['balance']).execute();
    expect(balances.reduce((sum, b) => sum + Number(b.balance), 0)).toBe(0);
    expect(posted.length).toBeGreaterThan(10);
  }, 240_000);
});
