import type { Hold, Item, Loan, Unit } from '../../../common/schemas/huts.js';
import type { HoldRow, ItemRow, LoanRow, UnitRow } from './huts.repository.js';

/** Rows to the contract's shapes. Nicknames only: never a phone number or a name. */

export function presentUnit(u: UnitRow): Unit {
  return {
    id: u.id,
    label: u.label,
    status: u.status as Unit['status'],
    condition: u.condition as Unit['condition'],
    note: u.note,
  };
}

export function presentItem(
  row: ItemRow,
  extra: {
    units: UnitRow[];
    waiting: number;
    nicknames: Map<string, string>;
    photos: { id: string }[];
    abilities: Item['abilities'];
  },
): Item {
  const live = extra.units.filter((u) => u.status !== 'retired');
  const pooled = Number(row.pooled) === 1;
  return {
    id: row.id,
    hutId: row.hut_id,
    communityCode: row.community_code,
    ownerKind: row.owner_kind,
    ownerNickname: row.owner_id ? (extra.nicknames.get(row.owner_id) ?? null) : null,
    donorNickname: row.donor_id ? (extra.nicknames.get(row.donor_id) ?? null) : null,
    donorNote: row.donor_note,
    title: row.title,
    description: row.description,
    category: row.category,
    condition: row.condition as Item['condition'],
    accessories: JSON.parse(row.accessories) as string[],
    sanitiseAfterReturn: Number(row.sanitise_after_return) === 1,
    safetyCheck: Number(row.safety_check) === 1,
    depositPoints: row.deposit_points,
    loanDays: row.loan_days,
    pooled,
    consumable: Number(row.consumable) === 1,
    stockTotal: Number(row.stock_total),
    stockAvailable: Number(row.stock_available),
    status: row.status,
    available: pooled ? Number(row.stock_available) : live.filter((u) => u.status === 'available').length,
    units: live.map(presentUnit),
    waiting: extra.waiting,
    loanCount: Number(row.loan_count),
    photos: extra.photos.map((p) => ({
      id: p.id,
      url: `/api/huts/items/${row.id}/photos/${p.id}`,
      thumbUrl: `/api/huts/items/${row.id}/photos/${p.id}?size=thumb`,
    })),
    abilities: extra.abilities,
  };
}

export function presentHold(
  h: HoldRow,
  extra: { itemTitle: string; hutId: string; place: number; unitLabel: string | null },
): Hold {
  return {
    id: h.id,
    itemId: h.item_id,
    itemTitle: extra.itemTitle,
    hutId: extra.hutId,
    status: h.status as Hold['status'],
    place: h.status === 'waiting' ? extra.place : 0,
    unitLabel: extra.unitLabel,
    pickupBy: h.pickup_by,
    reorderReason: h.reorder_reason,
    approved: Number(h.approved) === 1,
    createdAt: Number(h.created_at),
  };
}

export function presentLoan(
  l: LoanRow,
  extra: {
    itemTitle: string;
    unitLabel: string | null;
    nicknames: Map<string, string>;
    today: string;
    now: number;
    photos: { id: string; stage: string }[];
  },
): Loan {
  const overdue =
    l.status === 'active' &&
    ((l.due_date !== null && l.due_date < extra.today) ||
      (l.return_by !== null && Number(l.return_by) < extra.now));
  return {
    id: l.id,
    kind: l.kind,
    status: l.status as Loan['status'],
    itemId: l.item_id,
    itemTitle: extra.itemTitle,
    hutId: l.hut_id,
    unitLabel: extra.unitLabel,
    quantity: Number(l.quantity),
    borrowerNickname: extra.nicknames.get(l.borrower_id) ?? '',
    lenderNickname: l.lender_id ? (extra.nicknames.get(l.lender_id) ?? null) : null,
    dueDate: l.due_date,
    returnBy: l.return_by === null ? null : Number(l.return_by),
    renewals: Number(l.renewals),
    overdue,
    checkoutCondition: l.checkout_condition as Loan['checkoutCondition'],
    returnCondition: l.return_condition as Loan['returnCondition'],
    confirmations: {
      lenderOut: Number(l.lender_confirmed_out) === 1,
      borrowerOut: Number(l.borrower_confirmed_out) === 1,
      lenderBack: Number(l.lender_confirmed_back) === 1,
      borrowerBack: Number(l.borrower_confirmed_back) === 1,
    },
    depositPoints: Number(l.deposit_points),
    depositStatus: l.deposit_status as Loan['depositStatus'],
    damage: l.damage as Loan['damage'],
    checkedOutAt: l.checked_out_at === null ? null : Number(l.checked_out_at),
    returnedAt: l.returned_at === null ? null : Number(l.returned_at),
    photos: extra.photos.map((p) => ({
      id: p.id,
      stage: p.stage as 'out' | 'back',
      url: `/api/huts/loans/${l.id}/photos/${p.id}`,
      thumbUrl: `/api/huts/loans/${l.id}/photos/${p.id}?size=thumb`,
    })),
    createdAt: Number(l.created_at),
  };
}

/** A CSV cell: quoted when needed; a leading =, +, - or @ is defused (spreadsheet formulas). */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  return `\uFEFF${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
