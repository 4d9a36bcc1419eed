import { readFileSync } from 'node:fs';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { parseVerifierKey, type VerifierKey } from '../common/tlog/note.js';
import { verifyReceipt } from '../common/tlog/verify-receipt.js';
import { loadConfig } from '../server/config.js';
import { openDatabase } from '../server/db/database.js';
import { SYSTEM } from '../server/lib/actor.js';
import { ed25519Verify, sha256 } from '../server/lib/crypto.js';
import { canonicalJson } from '../server/modules/trustlog/log-entry.js';
import { databaseSource, httpSource } from '../server/modules/trustlog/log-sources.js';
import { verifyLog } from '../server/modules/trustlog/log-verifier.js';
import { logOptionsFromConfig } from '../server/services.js';
import { withDb } from './linli.js';
import { progressBar } from './progress.js';

function verifierKey(raw: string): VerifierKey {
  try {
    return parseVerifierKey(sha256, raw);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}
const collect = (raw: string, prev: VerifierKey[] = []) => [...prev, verifierKey(raw)];

/** A Linli server's base URL; a trailing /api or / is dropped, so both forms work. */
function serverUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvalidArgumentError(`"${raw}" is not a URL (expected e.g. http://localhost:3000)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InvalidArgumentError('the URL must be http(s)');
  return url
    .toString()
    .replace(/\/+$/, '')
    .replace(/\/api$/, '');
}

/** `linli log …`: the trust log's operator and auditor tools. */
export function registerLogCommands(program: Command): void {
  const log = program
    .command('log')
    .description('the trust log (透明日志): checkpoints, verification, receipts');

  log
    .command('info')
    .description("print the log's origin, verifier key, size and witnesses")
    .action(async () => {
      await withDb(async (_d, services) =>
        console.log(JSON.stringify(await services.trustlog.info(), null, 2)),
      );
    });

  log
    .command('checkpoint')
    .description('sign a checkpoint for the current size now and collect witness cosignatures')
    .action(async () => {
      await withDb(async (_d, services) => {
        const info = await services.trustlog.info();
        if (info.witnesses.length === 0) {
          console.error(
            'linli: note: no witnesses configured here (LINLI_WITNESSES), so this checkpoint is signed by the log only',
          );
        }
        await services.trustlog.issueCheckpoint(SYSTEM);
        process.stdout.write((await services.trustlog.currentCheckpoint()).text);
      });
    });

  log
    .command('verify')
    .description(
      'verify a whole log: every entry, every checkpoint signature and cosignature, their consistency',
    )
    .option(
      '--url <url>',
      'read the log from a Linli server (tlog-tiles) instead of the local database',
      serverUrl,
    )
    .option(
      '--log-key <vkey>',
      "the log's verifier key (default: this installation's key; required with --url)",
      verifierKey,
    )
    .option('--witness <vkey>', 'a witness verifier key whose cosignatures to count (repeatable)', collect)
    .action(async (opts: { url?: string; logKey?: VerifierKey; witness?: VerifierKey[] }) => {
      const config = loadConfig();
      let logKey = opts.logKey;
      if (!logKey && opts.url)
        throw new InvalidArgumentError(
          '--log-key is required with --url: do not take the key from the server you are checking',
        );
      logKey ??= verifierKey(logOptionsFromConfig(config).signer.verifierKey);
      const db = opts.url
        ? undefined
        : await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      const bar = progressBar('verify');
      try {
        const source = opts.url ? httpSource(opts.url) : databaseSource(db!);
        const started = performance.now();
        const report = await verifyLog(source, { log: logKey, witnesses: opts.witness ?? [] }, bar.update);
        bar.stop();
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        for (const p of report.problems) console.error(`✖ ${p}`);
        console.log(
          report.ok
            ? `✔ log ${logKey.name}: ${report.size} entries and ${report.checkpoints} checkpoints verified in ${seconds} s`
            : `✖ log ${logKey.name}: verification FAILED${report.firstBadIndex !== undefined ? ` (first bad entry: ${report.firstBadIndex})` : ''}`,
        );
        for (const [name, n] of Object.entries(report.cosignatures))
          console.log(`  witness ${name} cosigned ${n} checkpoint(s)`);
        if (!report.ok) process.exitCode = 3;
      } finally {
        bar.stop();
        await db?.close();
      }
    });

  log
    .command('verify-receipt')
    .description('verify a receipt (C2SP tlog-proof) offline against a witness policy')
    .argument('<file>', 'the receipt file')
    .requiredOption('--log-key <vkey>', "the log's verifier key", verifierKey)
    .option('--witness <vkey>', 'a trusted witness verifier key (repeatable)', collect)
    .addOption(
      new Option('--min-witnesses <k>', 'how many of the witnesses must have cosigned')
        .default(0)
        .argParser((v) => Number.parseInt(v, 10)),
    )
    .action(
      async (file: string, opts: { logKey: VerifierKey; witness?: VerifierKey[]; minWitnesses: number }) => {
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (error) {
          throw new InvalidArgumentError(
            `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
          );
        }
        const verdict = await verifyReceipt(
          text,
          { logKey: opts.logKey, witnesses: opts.witness ?? [], minWitnesses: opts.minWitnesses },
          sha256,
          ed25519Verify,
          canonicalJson,
        );
        if (!verdict.ok) {
          console.error(`✖ receipt NOT valid: ${verdict.reason}`);
          process.exitCode = 3;
          return;
        }
        console.log(
          `✔ entry ${verdict.index} is in log ${verdict.checkpoint!.origin} at size ${verdict.checkpoint!.size}`,
        );
        for (const c of verdict.cosignedBy)
          console.log(`  cosigned by ${c.name} at ${new Date(Number(c.timestamp) * 1000).toISOString()}`);
        console.log(JSON.stringify(verdict.entry, null, 2));
      },
    );
}
