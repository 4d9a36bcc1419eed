import { join } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { COSIGNATURE_V1, parseVerifierKey, type VerifierKey } from '../common/tlog/note.js';
import { sha256 } from '../server/lib/crypto.js';
import { loadOrCreateSignerKey } from '../server/modules/trustlog/signing-key.js';
import { buildWitnessApp } from '../server/modules/witness/witness.app.js';
import { WitnessService } from '../server/modules/witness/witness.service.js';
import { WitnessStore } from '../server/modules/witness/witness.store.js';

const collect = (raw: string, prev: VerifierKey[] = []) => {
  try {
    return [...prev, parseVerifierKey(sha256, raw)];
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
};

/** `linli witness …`: run an independent C2SP tlog-witness for one or more Linli logs. */
export function registerWitnessCommands(program: Command): void {
  const witness = program
    .command('witness')
    .description('an independent witness that cosigns logs it has checked (C2SP tlog-witness)');
  const keyFor = (dataDir: string, name: string) =>
    loadOrCreateSignerKey({
      fromEnv: process.env.LINLI_WITNESS_KEY,
      file: join(dataDir, 'witness.key'),
      name,
      type: COSIGNATURE_V1,
    });

  witness
    .command('key')
    .description("print the witness's verifier key (creating the key on first use)")
    .requiredOption('--data-dir <dir>', 'where the witness keeps its key and state')
    .option('--name <name>', 'witness name (used when the key is created)', 'witness.linli.local')
    .action((opts: { dataDir: string; name: string }) => {
      console.log(keyFor(opts.dataDir, opts.name).verifierKey);
    });

  witness
    .command('serve')
    .description('serve POST /add-checkpoint for the given logs')
    .requiredOption('--data-dir <dir>', 'where the witness keeps its key and state')
    .requiredOption(
      '--log <vkey>',
      "verifier key of a log to witness (repeatable); its name is the log's origin",
      collect,
    )
    .option('--name <name>', 'witness name (used when the key is created)', 'witness.linli.local')
    .option('--port <port>', 'port to listen on', '4001')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .action(
      async (opts: { dataDir: string; log: VerifierKey[]; name: string; port: string; host: string }) => {
        const signer = keyFor(opts.dataDir, opts.name);
        const store = new WitnessStore(opts.dataDir);
        const service = new WitnessService(signer, opts.log, store);
        const app = buildWitnessApp(service, {
          verifierKey: signer.verifierKey,
          logs: opts.log.map((l) => l.text),
        });
        await app.listen({ port: Number(opts.port), host: opts.host });
        const address = app.server.address();
        const port = typeof address === 'object' && address ? address.port : opts.port;
        console.log(`witness ${signer.verifierKey} listening on http://${opts.host}:${port}`);
        const stop = async () => {
          await app.close();
          store.close();
          process.exit(0);
        };
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      },
    );
}
