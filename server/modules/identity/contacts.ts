import type { Db } from '../../db/database.js';
import type { Secrets } from '../../lib/secrets.js';
import { IdentityRepository } from './identity.repository.js';

export interface Contact {
  phone: string;
  /** The keyed hash of the number (what the SMS outbox files messages under). */
  phoneIndex: string;
}

/**
 * A person's phone number, decrypted, for the few uses the rules allow without a staff reason:
 * delivering their own notifications by SMS, and showing it to the other side of an exchange
 * they accepted. Callers decide whether the rules allow it; this never logs the number.
 */
export class ContactDirectory {
  private readonly repo: IdentityRepository;

  constructor(
    db: Db,
    private readonly secrets: Secrets,
  ) {
    this.repo = new IdentityRepository(db.kysely);
  }

  async contact(accountId: string): Promise<Contact | null> {
    const account = await this.repo.accountById(accountId);
    if (account?.status !== 'active' || !account.phoneCipher || !account.phoneIndex) return null;
    const wrapped = await this.repo.accountKey(accountId);
    if (!wrapped) return null;
    const key = this.secrets.unwrapDataKey(wrapped, accountId);
    const phone = this.secrets.decrypt(key, account.phoneCipher, `phone:${accountId}`);
    return { phone, phoneIndex: account.phoneIndex };
  }

  async phone(accountId: string): Promise<string | null> {
    return (await this.contact(accountId))?.phone ?? null;
  }
}
