import { join } from 'node:path';
import { ED25519 } from '../common/tlog/note.js';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import { StartupError } from './errors.js';
import { Secrets } from './lib/secrets.js';
import { CompoundsService } from './modules/divisions/compounds.service.js';
import { DivisionsService } from './modules/divisions/divisions.service.js';
import { ExchangeCreditSource } from './modules/exchanges/exchange-credit.js';
import { ExchangesService } from './modules/exchanges/exchanges.service.js';
import { HutCreditSource } from './modules/huts/hut-credit.js';
import { HutsService } from './modules/huts/huts.service.js';
import { AccountsService } from './modules/identity/accounts.service.js';
import { AuthService } from './modules/identity/auth.service.js';
import { AvatarService } from './modules/identity/avatar.service.js';
import { ContactDirectory } from './modules/identity/contacts.js';
import { DeviceKeyLookup, DeviceKeysService } from './modules/identity/device-keys.service.js';
import { IdentityDirectory } from './modules/identity/directory.js';
import { FamilyService } from './modules/identity/family.service.js';
import { IdentityRepository } from './modules/identity/identity.repository.js';
import { NetIdProvider } from './modules/identity/netid-provider.js';
import { PrivacyService } from './modules/identity/privacy.service.js';
import { ProxyService } from './modules/identity/proxy.service.js';
import { HttpSmsSender, OutboxSmsSender, type SmsSender } from './modules/identity/sms-sender.js';
import { ListingSlots } from './modules/listings/listing-slots.js';
import { ListingsService } from './modules/listings/listings.service.js';
import { MatchingService } from './modules/matching/matching.service.js';
import { JobRunner } from './modules/notify/job-runner.js';
import { NotifyService, SMS_JOB } from './modules/notify/notify.service.js';
import { smsJobHandler } from './modules/notify/notify-sms.js';
import { PointsService } from './modules/points/points.service.js';
import { ReputationService } from './modules/reviews/reputation.service.js';
import { ReviewsService } from './modules/reviews/reviews.service.js';
import { SystemService } from './modules/system/system.service.js';
import { LogAppender } from './modules/trustlog/log-appender.js';
import { loadOrCreateSignerKey } from './modules/trustlog/signing-key.js';
import { type TrustLogOptions, TrustLogService } from './modules/trustlog/trustlog.service.js';
import { parseWitnesses } from './modules/trustlog/witness-client.js';
import { personalDataSources } from './personal-data.js';

/** Services of this process, built once so routes, CLI, seed and tests share the same rules. */
export interface Services {
  auth: AuthService;
  avatars: AvatarService;
  family: FamilyService;
  compounds: CompoundsService;
  deviceKeys: DeviceKeysService;
  notify: NotifyService;
  /** Offers and needs, the taxonomy and search. */
  listings: ListingsService;
  matching: MatchingService;
  /** Background jobs (payments, SMS); started with the server, not in tests. */
  jobs: JobRunner;
  exchanges: ExchangesService;
  /** Two-way reviews of exchanges (loans, shifts later) and their moderation. */
  reviews: ReviewsService;
  /** Ratings for matching and presenters; the credit record. */
  reputation: ReputationService;
  /** Sharing huts and lending (jobs may call huts.expireHolds(now) and huts.remindDue(now)). */
  huts: HutsService;
  privacy: PrivacyService;
  /** 代办: workers acting for residents without a phone. */
  proxy: ProxyService;
  accounts: AccountsService;
  directory: IdentityDirectory;
  points: PointsService;
  divisions: DivisionsService;
  system: SystemService;
  trustlog: TrustLogService;
  logAppender: LogAppender;
}

export interface ServiceOptions {
  log: TrustLogOptions;
  /** The network-ID (网号/网证) verification-result provider, when configured. */
  netId?: NetIdProvider;
  secrets: Secrets;
  /** Defaults to the development outbox sender. */
  sms?: SmsSender;
  logLine?: (line: string) => void;
}

export function buildServices(db: Db, options: ServiceOptions): Services {
  const jobs = new JobRunner(db, {
    onError: (message, detail) => options.logLine?.(`${message} ${JSON.stringify(detail ?? {})}`),
  });
  const notify = new NotifyService(db, Date.now, jobs);
  const logAppender = new LogAppender(db.dialect, notify, new DeviceKeyLookup());
  const sms = options.sms ?? new OutboxSmsSender(new IdentityRepository(db.kysely), options.logLine);
  const auth = new AuthService(db, options.secrets, sms, logAppender);
  const compounds = new CompoundsService(db, logAppender);
  const directory = new IdentityDirectory(db, options.secrets);
  const divisions = new DivisionsService(db, logAppender);
  const privacy = new PrivacyService(
    db,
    options.secrets,
    logAppender,
    (accountId) => auth.forgetAccount(accountId),
    compounds,
    options.netId,
  );
  for (const source of personalDataSources(db)) privacy.addSource(source);
  const avatars = new AvatarService(db);
  const contacts = new ContactDirectory(db, options.secrets);
  jobs.register(SMS_JOB, smsJobHandler(contacts, sms));
  const deviceKeys = new DeviceKeysService(db, logAppender);
  const points = new PointsService(db, logAppender, directory, divisions);
  const reviews = new ReviewsService(db, { log: logAppender, notify, jobs, directory });
  const reputation = new ReputationService(db, { directory, divisions, reviews });
  reputation.addSource(new ExchangeCreditSource(db));
  const exchanges = new ExchangesService(db, {
    log: logAppender,
    notify,
    jobs,
    points,
    slots: new ListingSlots(),
    contacts,
    deviceKeys,
    reviews,
    ratings: reputation,
  });
  const listings = new ListingsService(db, logAppender, {
    rules: async (district) => (await points.currentRules(district)).rules,
    shortNames: (codes) => divisions.shortNames(codes),
    ratings: (ids, executor) => reputation.ratingsFor(ids, executor),
    liveExchanges: (readerId, ids, executor) => exchanges.liveListingsOf(readerId, ids, executor),
  });
  const matching = new MatchingService(db, listings, notify, Date.now, (ids, executor) =>
    reputation.ratingsFor(ids, executor),
  );
  const huts = new HutsService(db, logAppender, directory, divisions, notify, points, Date.now, reviews);
  reputation.addSource(new HutCreditSource(db));
  // Housekeeping that recurs (one run per slot across all processes sharing the database).
  jobs.every('listings.expire', 10 * 60_000, () => listings.expireDue());
  jobs.every('huts.expire_holds', 15 * 60_000, (now) => huts.expireHolds(now));
  jobs.every('huts.remind_due', 60 * 60_000, (now) => huts.remindDue(now));
  return {
    auth,
    avatars,
    family: new FamilyService(db, options.secrets, logAppender, notify),
    compounds,
    deviceKeys,
    notify,
    jobs,
    exchanges,
    reviews,
    reputation,
    huts,
    privacy,
    proxy: new ProxyService(db, options.secrets, logAppender, privacy),
    accounts: new AccountsService(db, options.secrets, logAppender, () => auth.forgetAll(), avatars),
    directory,
    points,
    listings,
    matching,
    divisions,
    system: new SystemService(db),
    trustlog: new TrustLogService(db, { ...options.log, onShred: (subject) => logAppender.forget(subject) }),
    logAppender,
  };
}

/**
 * Where generated keys live: one folder per database, so a SQLite install and a PostgreSQL one
 * sharing a data directory never sign two different logs with one key (a fork, to a witness).
 */
export function keyDir(config: Pick<Config, 'dataDir' | 'databaseUrl'>): string {
  if (!config.databaseUrl) return join(config.dataDir, 'keys', 'sqlite');
  const url = new URL(config.databaseUrl);
  const scope = `postgres-${url.hostname}-${url.port || '5432'}-${url.pathname.replace(/^\//, '') || 'postgres'}`;
  return join(config.dataDir, 'keys', scope.replace(/[^A-Za-z0-9._-]/g, '_'));
}

/** Trust-log settings from configuration: the signing key (env or data dir) and the witnesses. */
export function logOptionsFromConfig(
  config: Config,
  onWarning?: TrustLogOptions['onWarning'],
): TrustLogOptions {
  const signer = loadOrCreateSignerKey({
    fromEnv: config.logSigningKey,
    file: join(keyDir(config), 'log-signing.key'),
    name: config.logOrigin,
    type: ED25519,
  });
  let witnesses: TrustLogOptions['witnesses'];
  try {
    witnesses = parseWitnesses(config.witnesses);
  } catch (error) {
    throw new StartupError(`LINLI_WITNESSES: ${(error as Error).message}`);
  }
  return {
    signer,
    witnesses,
    checkpointIntervalMs: config.checkpointIntervalS * 1000,
    ...(onWarning ? { onWarning } : {}),
  };
}

/** Everything services need from configuration: log keys, the master key and the SMS sender. */
export function serviceOptionsFromConfig(
  config: Config,
  db: Db,
  logLine?: (line: string) => void,
  onWarning?: TrustLogOptions['onWarning'],
): ServiceOptions {
  const secrets = Secrets.load({
    fromEnv: config.masterKey,
    file: join(config.dataDir, 'keys', 'master.key'),
  });
  const sms: SmsSender =
    config.smsSender === 'http'
      ? new HttpSmsSender(config.smsHttpUrl!, config.smsHttpToken)
      : new OutboxSmsSender(new IdentityRepository(db.kysely), logLine);
  let netId: NetIdProvider | undefined;
  try {
    netId = config.netIdProviderKey
      ? new NetIdProvider(config.netIdProviderKey, config.netIdProviderUrl ?? null)
      : undefined;
  } catch (error) {
    throw new StartupError(`LINLI_NETID_PROVIDER_KEY: ${(error as Error).message}`);
  }
  return {
    log: logOptionsFromConfig(config, onWarning),
    secrets,
    sms,
    ...(netId ? { netId } : {}),
    ...(logLine ? { logLine } : {}),
  };
}
