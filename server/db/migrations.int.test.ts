import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestDb } from '../../test/helpers/db.js';
import { migrations } from './migrations/index.js';
import { migrateAllDown, migrateToLatest, schemaVersion } from './migrator.js';

describe('migrations', () => {
  it('go up, all the way down, and up again', async () => {
    const { db, drop } = await createTestDb({ migrated: false });
    try {
      const names = Object.keys(migrations).sort();
      expect(await migrateToLatest(db)).toEqual(names);
      expect(await schemaVersion(db)).toBe(names.at(-1));
      expect(await migrateAllDown(db)).toEqual([...names].reverse());
      await expect(sql`select count(*) from divisions`.execute(db.kysely)).rejects.toThrow();
      expect(await migrateToLatest(db)).toEqual(names);
      expect(await migrateToLatest(db)).toEqual([]);
    } finally {
      await drop();
    }
  });

  it('enforce the level CHECK constraint and the parent foreign key', async () => {
    const { db, drop } = await createTestDb();
    try {
      const row = {
        code: '990000000000',
        name: 'x',
        short_name: 'x',
        path_label: '',
        pinyin: 'x',
        initials: 'x',
        short_pinyin: 'x',
        created_at: 1,
        parent_code: null,
      };
      await expect(
        db.kysely
          .insertInto('divisions')
          .values({ ...row, level: 'planet' })
          .execute(),
      ).rejects.toThrow();
      await expect(
        db.kysely
          .insertInto('divisions')
          .values({ ...row, level: 'city', parent_code: '980000000000' })
          .execute(),
      ).rejects.toThrow();
    } finally {
      await drop();
    }
  });
});
