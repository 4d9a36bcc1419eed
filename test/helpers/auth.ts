import type { FastifyInstance } from 'fastify';
import { SYSTEM } from '../../server/lib/actor.js';
import type { Services } from '../../server/services.js';

let ipCounter = 0;
/** A distinct client address per call, so per-address SMS limits do not interfere between tests. */
export const nextIp = () => `10.9.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`;

/** Signs a phone number in through the real HTTP flow (code from the development outbox). */
export async function signInOverHttp(app: FastifyInstance, services: Services, phone: string) {
  const sent = await app.inject({
    method: 'POST',
    url: '/api/auth/sms-code',
    payload: { phone },
    remoteAddress: nextIp(),
  });
  if (sent.statusCode !== 202) throw new Error(`sms-code: ${sent.body}`);
  const [message] = await services.auth.outbox(SYSTEM, { limit: 1, phone });
  const code = /验证码是 (\d{6})/.exec(message!.body)![1]!;
  const res = await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { phone, code } });
  if (res.statusCode !== 200) throw new Error(`sign-in: ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'linli_session')!;
  const body = res.json();
  return {
    accountId: body.account.id as string,
    headers: { cookie: `linli_session=${cookie.value}`, 'x-csrf-token': body.csrfToken as string },
    body,
  };
}
