import type { Adjustment, StatementLine } from '../../../common/schemas/points.js';
import type { Database } from '../../db/schema.js';
import { chinaDateTime } from '../../lib/china-time.js';
import type { PersonSummary } from '../identity/directory.js';
import type { Counterpart, StatementRow } from './points.repository.js';

/** A removed account keeps its ledger lines; its name is gone with its personal data. */
const GONE = '—';

function counterpartLabel(
  c: Counterpart,
  people: Map<string, PersonSummary>,
  divisionNames: Map<string, string>,
): string {
  if (c.ownerId) return people.get(c.ownerId)?.nickname ?? GONE;
  if (c.kind === 'issuance' || c.kind === 'pool' || c.kind === 'escrow')
    return divisionNames.get(c.divisionCode) ?? c.divisionCode;
  return '';
}

/**
 * Statement lines that name the other side: for points received, who paid; for points given,
 * who received. The line's type (gift, earn, grant …) says the rest in the reader's language.
 */
export function presentStatementLines(
  rows: StatementRow[],
  counterparts: Map<string, Counterpart[]>,
  people: Map<string, PersonSummary>,
  divisionNames: Map<string, string>,
  reversed: Set<string>,
): StatementLine[] {
  return rows.map((row) => {
    const others = (counterparts.get(row.transferId) ?? []).filter((c) =>
      row.amount > 0 ? c.amount < 0 : c.amount > 0,
    );
    const labels = [
      ...new Set(others.map((c) => counterpartLabel(c, people, divisionNames)).filter(Boolean)),
    ];
    return {
      transferId: row.transferId,
      seq: row.seq,
      type: row.type,
      amount: row.amount,
      balanceAfter: row.balanceAfter,
      counterparty: labels.join('、'),
      memo: row.memo,
      logIndex: row.logIndex,
      reversed: reversed.has(row.transferId),
      createdAt: row.createdAt,
    };
  });
}

export function presentAdjustment(
  row: Database['points_adjustments'],
  people: Map<string, PersonSummary>,
): Adjustment {
  const ownerId = row.account_id.replace(/^resident:/, '');
  return {
    id: row.id,
    accountId: ownerId,
    accountLabel: people.get(ownerId)?.nickname ?? GONE,
    amount: Number(row.amount),
    reason: row.reason,
    override: Number(row.override) === 1,
    status: row.status as Adjustment['status'],
    requestedBy: people.get(row.requested_by)?.nickname ?? GONE,
    decidedBy: row.decided_by ? (people.get(row.decided_by)?.nickname ?? GONE) : null,
    transferId: row.transfer_id,
    createdAt: Number(row.created_at),
  };
}

const CSV_HEADERS = {
  'zh-CN': ['日期', '类型', '对方', '收入', '支出', '余额', '备注', '透明日志序号'],
  en: ['Date', 'Type', 'Counterparty', 'In', 'Out', 'Balance', 'Memo', 'Trust log entry'],
} as const;

/** RFC 4180 field; a leading =,+,-,@ is neutralised so a spreadsheet never runs it as a formula. */
function csvField(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function statementCsv(
  lines: StatementLine[],
  locale: 'zh-CN' | 'en',
  typeName: (type: string) => string,
): string {
  const out = [CSV_HEADERS[locale].join(',')];
  for (const l of lines) {
    out.push(
      [
        chinaDateTime(l.createdAt),
        typeName(l.type),
        l.counterparty,
        l.amount > 0 ? l.amount : '',
        l.amount < 0 ? -l.amount : '',
        l.balanceAfter,
        l.memo ?? '',
        l.logIndex,
      ]
        .map(csvField)
        .join(','),
    );
  }
  // A BOM so Excel opens UTF-8 Chinese text correctly.
  return `\uFEFF${out.join('\r\n')}\r\n`;
}
