import { type Command, InvalidArgumentError, Option } from 'commander';
import { SYSTEM } from '../server/lib/actor.js';
import { fullCodeOf } from '../server/modules/divisions/division-codes.js';
import { withDb } from './linli.js';

const ROLES = ['resident', 'worker', 'hut_keeper', 'street_admin', 'district_admin', 'auditor'] as const;

function divisionCode(raw: string): string {
  if (!/^(\d{6}|\d{9}|\d{12})$/.test(raw))
    throw new InvalidArgumentError('expected a 6-, 9- or 12-digit division code');
  return fullCodeOf(raw);
}

/** `linli users …` and `linli sms …`: accounts and roles, and the development SMS outbox. */
export function registerIdentityCommands(program: Command): void {
  const users = program.command('users').description('accounts and roles');
  users
    .command('create-admin')
    .description('create (or find) the account for a phone number and make it district admin of a division')
    .requiredOption('--phone <phone>', 'mainland mobile number')
    .requiredOption('--division <code>', 'division code, e.g. 440604', divisionCode)
    .action(async (opts: { phone: string; division: string }) => {
      await withDb(async (_d, services) => {
        const result = await services.accounts.grantRoleByPhone(
          SYSTEM,
          opts.phone,
          'district_admin',
          opts.division,
        );
        console.log(
          `${result.created ? 'created' : 'found'} account ${result.accountId}: district_admin of ${opts.division}`,
        );
      });
    });
  users
    .command('grant')
    .description('grant a role on a division to the account of a phone number (creating it if needed)')
    .requiredOption('--phone <phone>', 'mainland mobile number')
    .requiredOption('--division <code>', 'division code', divisionCode)
    .addOption(new Option('--role <role>', 'the role').choices(ROLES).makeOptionMandatory())
    .action(async (opts: { phone: string; division: string; role: (typeof ROLES)[number] }) => {
      await withDb(async (_d, services) => {
        const result = await services.accounts.grantRoleByPhone(SYSTEM, opts.phone, opts.role, opts.division);
        console.log(`account ${result.accountId}: ${opts.role} of ${opts.division}`);
      });
    });

  const sms = program.command('sms').description('text messages');
  sms
    .command('outbox')
    .description('show messages kept by the development (console) sender, newest first')
    .option('--phone <phone>', 'only messages to this number')
    .addOption(new Option('--limit <n>', 'how many').default(10).argParser((v) => Number.parseInt(v, 10)))
    .action(async (opts: { phone?: string; limit: number }) => {
      await withDb(async (_d, services) => {
        const messages = await services.auth.outbox(SYSTEM, {
          limit: opts.limit,
          ...(opts.phone ? { phone: opts.phone } : {}),
        });
        if (messages.length === 0) console.log('the outbox is empty');
        for (const m of messages)
          console.log(`${new Date(m.createdAt).toISOString()}  ${m.phoneMasked}  ${m.body}`);
      });
    });
}
