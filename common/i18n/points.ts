import type { TransferType } from '../schemas/points.js';

/** Names of transfer types, shared by the server (CSV statements) and the web app. */
export const transferTypeNames: Record<'zh-CN' | 'en', Record<TransferType, string>> = {
  'zh-CN': {
    earn: '服务所得',
    gift: '家人赠与',
    donation: '捐给爱心池',
    grant: '爱心池资助',
    adjustment: '人工调整',
    reversal: '冲正',
    expiry: '积分过期',
    overflow: '超出上限转入爱心池',
    deposit: '借用押金',
    deposit_release: '押金退还',
    deposit_forfeit: '押金扣除',
  },
  en: {
    earn: 'Earned for help',
    gift: 'Family gift',
    donation: 'Donation to the pool',
    grant: 'Grant from the pool',
    adjustment: 'Adjustment',
    reversal: 'Reversal',
    expiry: 'Expired points',
    overflow: 'Above the cap, to the pool',
    deposit: 'Deposit held for a loan',
    deposit_release: 'Deposit returned',
    deposit_forfeit: 'Deposit kept',
  },
};
