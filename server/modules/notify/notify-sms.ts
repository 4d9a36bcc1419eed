import type { SmsSender } from '../identity/sms-sender.js';
import type { JobHandler } from './job-runner.js';

/**
 * The notification kinds important enough for a text message (for those who opt in), with the
 * zh-CN text each sends. Texts name nobody and carry no detail of the other party: they only say
 * that something is waiting in the app.
 */
export const SMS_TEXTS: Readonly<Record<string, string>> = {
  'exchange.requested': '【邻里】有邻居回应了你发布的信息，请打开邻里查看并答复。',
  'exchange.accepted': '【邻里】你的互助请求已被接受，请打开邻里约定时间和地点。',
  'exchange.scheduled': '【邻里】一次邻里互助已约定时间，请打开邻里查看。',
  'exchange.confirm_needed': '【邻里】邻居已完成帮忙，请打开邻里确认实际时长。',
  'exchange.resolved': '【邻里】你的互助纠纷已由社区处理，请打开邻里查看结果。',
};

export function isSmsKind(kind: string): boolean {
  return Object.hasOwn(SMS_TEXTS, kind);
}

export interface SmsJobPayload {
  accountId: string;
  kind: string;
}

/** Where the handler finds the person's own number (the identity module answers). */
export interface ContactLookup {
  contact(accountId: string): Promise<{ phone: string; phoneIndex: string } | null>;
}

/** The `notify.sms` job: sends the kind's text to the person, if they still have a number. */
export function smsJobHandler(contacts: ContactLookup, sender: SmsSender): JobHandler {
  return async (payload) => {
    const { accountId, kind } = payload as SmsJobPayload;
    const body = SMS_TEXTS[kind];
    if (!body) return;
    const contact = await contacts.contact(accountId);
    // A managed (phone-less) or deleted account: nothing to send, nothing to retry.
    if (!contact) return;
    await sender.send({ phone: contact.phone, phoneIndex: contact.phoneIndex, body });
  };
}
