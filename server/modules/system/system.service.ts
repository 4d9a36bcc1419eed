import { sql } from 'kysely';
import type { Health } from '../../../common/schemas/health.js';
import type { Db } from '../../db/database.js';
import { schemaVersion } from '../../db/migrator.js';
import { appVersion } from '../../lib/version.js';

/** Health of this process and its database. */
export class SystemService {
  private readonly startedAt = Date.now();

  constructor(private readonly db: Db) {}

  async health(): Promise<Health> {
    const base = { db: this.db.dialect, version: appVersion, uptimeS: (Date.now() - this.startedAt) / 1000 };
    try {
      await sql`select 1`.execute(this.db.kysely);
      return { status: 'ok', schemaVersion: await schemaVersion(this.db), ...base };
    } catch {
      return { status: 'degraded', schemaVersion: 'unknown', ...base };
    }
  }
}
