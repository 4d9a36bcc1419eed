import { v7 as uuidv7 } from 'uuid';
import { maskPhone } from '../../../common/identity/phone.js';
import type { IdentityRepository } from './identity.repository.js';

/** Sends a text message. Implementations must not log the full number. */
export interface SmsSender {
  readonly name: string;
  send(message: { phone: string; phoneIndex: string; body: string }): Promise<void>;
}

/**
 * Development sender: keeps messages in the `sms_outbox` table (what `linli sms outbox` shows)
 * and logs them with the number masked.
 */
export class OutboxSmsSender implements SmsSender {
  readonly name = 'console';

  constructor(
    private readonly repo: IdentityRepository,
    private readonly log: (line: string) => void = () => {},
  ) {}

  async send(message: { phone: string; phoneIndex: string; body: string }): Promise<void> {
    const phoneMasked = maskPhone(message.phone);
    await this.repo.insertOutbox({
      id: uuidv7(),
      phoneMasked,
      phoneIndex: message.phoneIndex,
      body: message.body,
      now: Date.now(),
    });
    this.log(`SMS to ${phoneMasked}: ${message.body}`);
  }
}

/**
 * A provider's HTTP API: POSTs `{ phone, text }` as JSON with a bearer token, the shape most
 * Chinese SMS gateways' simple APIs take; a non-2xx answer is an error.
 */
export class HttpSmsSender implements SmsSender {
  readonly name = 'http';

  constructor(
    private readonly url: string,
    private readonly token: string | undefined,
  ) {}

  async send(message: { phone: string; body: string }): Promise<void> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      body: JSON.stringify({ phone: message.phone, text: message.body }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`SMS provider answered HTTP ${res.status}`);
  }
}
