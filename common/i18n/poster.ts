/** Strings of the printable checkpoint poster (server-rendered HTML). */
export const posterStrings = {
  'zh-CN': {
    title: '邻里透明日志 · 本周检查点',
    intro:
      '邻里把每一笔积分、借还、认证决定都写入一份只能追加的公开日志。下面是日志在此刻的“指纹”。请拿手机扫码或在邻里“透明”页面比对：如果两处不一致，说明有人改动了记录。',
    origin: '日志名称',
    size: '记录条数',
    root: '根哈希（前 16 位）',
    signedBy: '签名',
    witnesses: '见证人联署',
    none: '暂无',
    printedAt: '打印时间',
    honest: '这是可公开核验、可发现篡改的记录，不是“不可能被篡改”：任何改动都会被发现。',
  },
  en: {
    title: 'Linli trust log · this week’s checkpoint',
    intro:
      'Linli writes every points transfer, loan and verification decision to a public append-only log. Below is the log’s fingerprint at this moment. Scan the code or compare on Linli’s Trust page: if the two differ, someone changed the records.',
    origin: 'Log',
    size: 'Entries',
    root: 'Root hash (first 16 hex)',
    signedBy: 'Signed by',
    witnesses: 'Cosigned by witnesses',
    none: 'none yet',
    printedAt: 'Printed',
    honest:
      'Tamper-evident and publicly verifiable, not “impossible to tamper with”: any change would be detected.',
  },
} as const;
