import { readFileSync } from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import { Value } from 'typebox/value';
import { transferTypeNames } from '../common/i18n/points.js';
import { type PointsRules, PointsRulesSchema, type TransferType } from '../common/schemas/points.js';
import { SYSTEM } from '../server/lib/actor.js';
import { chinaDateTime } from '../server/lib/china-time.js';
import { fullCodeOf } from '../server/modules/divisions/division-codes.js';
import { statementCsv } from '../server/modules/points/points.presenter.js';
import type { Services } from '../server/services.js';
import { withDb } from './linli.js';
import { progressBar } from './progress.js';

function divisionCode(raw: string): string {
  if (!/^(\d{6}|\d{9}|\d{12})$/.test(raw))
    throw new InvalidArgumentError('expected a 6-, 9- or 12-digit division code');
  return fullCodeOf(raw);
}

function wholeNumber(raw: string): number {
  if (!/^-?\d+$/.test(raw)) throw new InvalidArgumentError('expected a whole number');
  return Number(raw);
}

async function accountOf(services: Services, phone: string): Promise<string> {
  const accountId = await services.directory.accountIdByPhone(phone);
  if (!accountId) throw new Error(`no active account has the number ${phone}`);
  return accountId;
}

/** `linli points …`: the love bank from the command line (the operator acts as the system). */
export function registerPointsCommands(program: Command): void {
  const points = program
    .command('points')
    .description('the love bank: balances, statements, budgets, rules, checks');
  points
    .command('balance')
    .description("show a resident's balance, points given and received")
    .requiredOption('--phone <phone>', "the resident's mobile number")
    .action(async (opts: { phone: string }) => {
      await withDb(async (_d, services) => {
        const b = await services.points.balance(SYSTEM, await accountOf(services, opts.phone));
        console.log(
          `balance ${b.balance}  available ${b.available}  received ${b.received}  given ${b.given}${b.flagged ? '  FLAGGED' : ''}`,
        );
      });
    });
  points
    .command('statement')
    .description(
      "print a resident's statement (all lines, or one month), oldest first, China time, as text or CSV",
    )
    .requiredOption('--phone <phone>', "the resident's mobile number")
    .option('--month <YYYY-MM>', 'one month (China time)')
    .option('--csv', 'CSV (UTF-8 with BOM) instead of text')
    .option('--lang <lang>', 'zh-CN or en', 'zh-CN')
    .action(async (opts: { phone: string; month?: string; csv?: boolean; lang: string }) => {
      await withDb(async (_d, services) => {
        const accountId = await accountOf(services, opts.phone);
        const locale = opts.lang === 'en' ? 'en' : 'zh-CN';
        const names = transferTypeNames[locale];
        const monthly = opts.month
          ? await services.points.monthlyStatement(SYSTEM, opts.month, accountId)
          : null;
        const lines = monthly ? monthly.lines : await services.points.statementAll(SYSTEM, {}, accountId);
        if (opts.csv) {
          process.stdout.write(statementCsv(lines, locale, (t) => names[t as TransferType] ?? t));
          return;
        }
        if (monthly)
          console.log(
            `${monthly.month}: opening ${monthly.opening}, received ${monthly.received}, given ${monthly.given}, closing ${monthly.closing}`,
          );
        for (const l of lines)
          console.log(
            `${chinaDateTime(l.createdAt)}  ${String(l.amount).padStart(7)}  ${String(l.balanceAfter).padStart(7)}  ${names[l.type as TransferType] ?? l.type}  ${l.counterparty}${l.memo ? `  ${l.memo}` : ''}  #${l.logIndex}${l.reversed ? '  (reversed)' : ''}`,
          );
      });
    });

  const budget = points.command('budget').description("communities' budgets for issuing points");
  budget
    .command('list')
    .description('budgets, points issued and pools of the communities in a division')
    .requiredOption('--division <code>', 'district, street or community code', divisionCode)
    .action(async (opts: { division: string }) => {
      await withDb(async (_d, services) => {
        for (const b of await services.points.budgets(SYSTEM, opts.division))
          console.log(
            `${b.communityCode}  ${b.communityName.padEnd(12)}  budget ${b.budget}  issued ${b.issued}  remaining ${b.remaining}  pool ${b.pool}`,
          );
      });
    });
  budget
    .command('set')
    .description('set how many points a community may put into circulation')
    .requiredOption('--community <code>', '12-digit community code', divisionCode)
    .requiredOption('--budget <points>', 'the budget', wholeNumber)
    .action(async (opts: { community: string; budget: number }) => {
      await withDb(async (_d, services) => {
        await services.points.setBudget(SYSTEM, opts.community, opts.budget);
        console.log(`budget of ${opts.community} set to ${opts.budget}`);
      });
    });

  points
    .command('adjust')
    .description('adjust a resident’s points with a reason (large ones wait for a district admin’s approval)')
    .requiredOption('--phone <phone>', "the resident's mobile number")
    .requiredOption('--amount <points>', 'whole points; negative takes points away', wholeNumber)
    .requiredOption('--reason <text>', 'why (kept with the adjustment)')
    .requiredOption('--key <key>', 'idempotency key (running the same command again changes nothing)')
    .option('--override', 'allow the account past its limit (the account is flagged)')
    .action(
      async (opts: { phone: string; amount: number; reason: string; key: string; override?: boolean }) => {
        await withDb(async (_d, services) => {
          const result = await services.points.requestAdjustment(SYSTEM, {
            accountId: await accountOf(services, opts.phone),
            amount: opts.amount,
            reason: opts.reason,
            override: !!opts.override,
            idempotencyKey: opts.key,
          });
          console.log(`adjustment ${result.id}: ${result.status}`);
        });
      },
    );

  const rules = points.command('rules').description("a district's earning and spending rules");
  rules
    .command('show')
    .description('print the rules in force (JSON)')
    .requiredOption('--district <code>', '6-digit district code', divisionCode)
    .action(async (opts: { district: string }) => {
      await withDb(async (_d, services) => {
        console.log(JSON.stringify(await services.points.currentRules(opts.district), null, 2));
      });
    });
  rules
    .command('set')
    .description('publish a new version of the rules from a JSON file (see `rules show` for the shape)')
    .requiredOption('--district <code>', '6-digit district code', divisionCode)
    .requiredOption('--file <path>', 'JSON file with the rules')
    .action(async (opts: { district: string; file: string }) => {
      const parsed: unknown = JSON.parse(readFileSync(opts.file, 'utf8'));
      const candidate = (parsed as { rules?: unknown }).rules ?? parsed;
      if (!Value.Check(PointsRulesSchema, candidate)) {
        const first = [...Value.Errors(PointsRulesSchema, candidate)][0];
        throw new Error(`the rules file is not valid: ${first?.instancePath ?? ''} ${first?.message ?? ''}`);
      }
      await withDb(async (_d, services) => {
        const saved = await services.points.setRules(SYSTEM, opts.district, candidate as PointsRules);
        console.log(`rules version ${saved.version} published for ${saved.districtCode}`);
      });
    });

  points
    .command('expire')
    .description('expire points older than the rules allow (oldest first); safe to run daily')
    .option('--as-of <date>', 'ISO date to expire as of (default: now)')
    .action(async (opts: { asOf?: string }) => {
      const asOf = opts.asOf ? Date.parse(opts.asOf) : Date.now();
      if (Number.isNaN(asOf)) throw new InvalidArgumentError('--as-of: expected an ISO date');
      await withDb(async (_d, services) => {
        const bar = progressBar('expiring');
        try {
          const result = await services.points.expire(SYSTEM, asOf, (done, total) => bar.update(done, total));
          bar.stop();
          console.log(`expired ${result.points} points in ${result.accounts} accounts`);
        } finally {
          bar.stop();
        }
      });
    });

  points
    .command('check')
    .description(
      "check the ledger's invariants (balances sum to zero, cached = postings, limits, log entries)",
    )
    .action(async () => {
      await withDb(async (_d, services) => {
        const problems = await services.points.audit(SYSTEM);
        if (problems.length === 0) {
          console.log('the ledger is consistent');
          return;
        }
        for (const p of problems) console.error(p);
        process.exitCode = 1;
      });
    });
}
