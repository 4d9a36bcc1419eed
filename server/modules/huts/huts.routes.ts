import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import QRCode from 'qrcode';
import { Type } from 'typebox';
import {
  CheckoutSchema,
  ClosureInputSchema,
  ConfirmConditionSchema,
  DamageReportSchema,
  DeskMemberSchema,
  DeskUnitSchema,
  HoldListSchema,
  HoldSchema,
  HutInputSchema,
  HutListSchema,
  HutSchema,
  ItemHistorySchema,
  ItemInputSchema,
  ItemPageSchema,
  ItemQuerySchema,
  ItemSchema,
  LoanListSchema,
  LoanSchema,
  MemberCodeSchema,
  NeighbourRequestSchema,
  OverdueReportSchema,
  PolicyRuleInputSchema,
  QueueSchema,
  ReorderSchema,
  ReportQuerySchema,
  ResolvedPolicySchema,
  ReturnResultSchema,
  ReturnSchema,
  SettleSchema,
  UnitDoneSchema,
  UtilisationReportSchema,
} from '../../../common/schemas/huts.js';
import { AppError } from '../../errors.js';
import { toCsv } from './huts.presenter.js';
import type { HutsService } from './huts.service.js';

const problem = { $ref: 'Problem#' } as const;
const tags = ['huts'];
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const ReasonBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
const NoteBody = Type.Object(
  { note: Type.String({ minLength: 1, maxLength: 300 }) },
  { additionalProperties: false },
);
const errors = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem };
const PHOTO_MAX_BYTES = 3 * 1024 * 1024;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Sharing huts under /api/huts: huts and their pages, the catalogue, holds, the desk (check-out
 * and return by scanned codes), neighbour loans, damage, reports and label sheets.
 */
export const hutsRoutes: FastifyPluginAsyncTypebox<{ huts: HutsService }> = async (app, opts) => {
  const { huts } = opts;
  app.addContentTypeParser(
    ['image/jpeg', 'image/png', 'image/webp'],
    { parseAs: 'buffer', bodyLimit: PHOTO_MAX_BYTES },
    (_request, body, done) => done(null, body),
  );

  // ---- huts ----
  app.get(
    '/api/huts',
    {
      schema: {
        tags,
        summary: 'Sharing huts of a community, or of every community under a street or district',
        querystring: Type.Object(
          { division: Type.String({ pattern: '^\\d{12}$' }) },
          { additionalProperties: false },
        ),
        response: { 200: HutListSchema, 400: problem },
      },
    },
    async (request) => ({ items: await huts.huts(request.actor, request.query.division) }),
  );
  app.post(
    '/api/huts',
    {
      schema: {
        tags,
        summary: 'Open a hut (community staff)',
        body: HutInputSchema,
        response: { 201: HutSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await huts.createHut(request.actor, request.body)),
  );
  app.get(
    '/api/huts/:id',
    {
      schema: {
        tags,
        summary: "A hut's page data",
        params: IdParams,
        response: { 200: HutSchema, 404: problem },
      },
    },
    (request) => huts.hut(request.actor, request.params.id),
  );
  app.put(
    '/api/huts/:id',
    {
      schema: {
        tags,
        summary: "Change a hut's name, address and weekly hours (community staff)",
        params: IdParams,
        body: Type.Omit(HutInputSchema, ['communityCode']),
        response: { 200: HutSchema, ...errors },
      },
    },
    (request) => huts.updateHut(request.actor, request.params.id, request.body),
  );
  app.post(
    '/api/huts/:id/keepers',
    {
      schema: {
        tags,
        summary: 'Name a keeper of the hut (community staff)',
        params: IdParams,
        body: Type.Object(
          { accountId: Type.String({ minLength: 1, maxLength: 64 }) },
          { additionalProperties: false },
        ),
        response: { 200: HutSchema, ...errors },
      },
    },
    (request) => huts.addKeeper(request.actor, request.params.id, request.body.accountId),
  );
  app.delete(
    '/api/huts/:id/keepers/:accountId',
    {
      schema: {
        tags,
        summary: 'Remove a keeper',
        params: Type.Object({
          id: Type.String({ maxLength: 64 }),
          accountId: Type.String({ maxLength: 64 }),
        }),
        response: { 200: HutSchema, ...errors },
      },
    },
    (request) => huts.removeKeeper(request.actor, request.params.id, request.params.accountId),
  );
  app.post(
    '/api/huts/:id/closures',
    {
      schema: {
        tags,
        summary: 'A dated closure or holiday; loans due that day move to the next open day',
        params: IdParams,
        body: ClosureInputSchema,
        response: { 200: HutSchema, ...errors },
      },
    },
    (request) => huts.addClosure(request.actor, request.params.id, request.body),
  );
  app.delete(
    '/api/huts/:id/closures/:date',
    {
      schema: {
        tags,
        summary: 'Remove a closure',
        params: Type.Object({
          id: Type.String({ maxLength: 64 }),
          date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
        }),
        response: { 200: HutSchema, ...errors },
      },
    },
    (request) => huts.removeClosure(request.actor, request.params.id, request.params.date),
  );

  // ---- catalogue ----
  app.post(
    '/api/huts/:id/items',
    {
      schema: {
        tags,
        summary: 'Add a hut-owned item (donated or bought) with labelled copies or pooled stock (keepers)',
        params: IdParams,
        body: ItemInputSchema,
        response: { 201: ItemSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await huts.addItem(request.actor, request.params.id, request.body)),
  );
  app.post(
    '/api/huts/:id/my-items',
    {
      schema: {
        tags,
        summary: 'List my own item for neighbours to borrow from me (一借一还)',
        params: IdParams,
        body: ItemInputSchema,
        response: { 201: ItemSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await huts.offerItem(request.actor, request.params.id, request.body)),
  );
  app.get(
    '/api/huts/items',
    {
      schema: {
        tags,
        summary: 'The catalogue: by hut or division, category, availability, Chinese-aware search',
        querystring: ItemQuerySchema,
        response: { 200: ItemPageSchema, 400: problem },
      },
    },
    (request) => huts.search(request.actor, request.query),
  );
  app.get(
    '/api/huts/items/:id',
    {
      schema: {
        tags,
        summary: "An item's page",
        params: IdParams,
        response: { 200: ItemSchema, 404: problem },
      },
    },
    (request) => huts.item(request.actor, request.params.id),
  );
  app.get(
    '/api/huts/items/:id/history',
    {
      schema: {
        tags,
        summary: "An item's history (keepers)",
        params: IdParams,
        response: { 200: ItemHistorySchema, ...errors },
      },
    },
    (request) => huts.history(request.actor, request.params.id),
  );
  app.get(
    '/api/huts/items/:id/queue',
    {
      schema: {
        tags,
        summary: 'The hold queue (keepers)',
        params: IdParams,
        response: { 200: QueueSchema, ...errors },
      },
    },
    (request) => huts.queue(request.actor, request.params.id),
  );
  app.get(
    '/api/huts/items/:id/policy',
    {
      schema: {
        tags,
        summary: 'The lending policy that applies to me for this item, and which rule gave it',
        params: IdParams,
        response: { 200: ResolvedPolicySchema, ...errors },
      },
    },
    (request) => huts.resolvedPolicy(request.actor, request.params.id),
  );
  app.post(
    '/api/huts/items/:id/retire',
    {
      schema: {
        tags,
        summary: 'Withdraw an item (refused while a copy is on loan)',
        params: IdParams,
        body: ReasonBody,
        response: { 200: ItemSchema, ...errors },
      },
    },
    (request) => huts.retireItem(request.actor, request.params.id, request.body.reason),
  );
  app.post(
    '/api/huts/items/:id/photos',
    {
      bodyLimit: PHOTO_MAX_BYTES,
      schema: {
        tags,
        summary: 'Add a photo (raw JPEG, PNG or WebP body); re-encoded with a thumbnail',
        params: IdParams,
        response: { 200: ItemSchema, ...errors, 413: problem, 415: problem },
      },
    },
    async (request) => {
      if (!(request.body instanceof Buffer)) throw new AppError('hut_photo_invalid');
      return huts.addPhoto(request.actor, request.params.id, request.body);
    },
  );
  app.get(
    '/api/huts/items/:id/photos/:photoId',
    {
      schema: {
        tags,
        summary: 'A photo of an item (size=thumb for the thumbnail)',
        params: Type.Object({ id: Type.String({ maxLength: 64 }), photoId: Type.String({ maxLength: 64 }) }),
        querystring: Type.Object({
          size: Type.Optional(Type.Union([Type.Literal('full'), Type.Literal('thumb')])),
        }),
        produces: ['image/webp'],
      },
    },
    async (request, reply) => {
      const photo = await huts.photo(request.params.id, request.params.photoId, request.query.size ?? 'full');
      return reply.type(photo.contentType).header('cache-control', 'public, max-age=86400').send(photo.bytes);
    },
  );

  app.post(
    '/api/huts/loans/:id/photos',
    {
      bodyLimit: PHOTO_MAX_BYTES,
      schema: {
        tags,
        summary: 'A condition photo at the handover (stage=out) or the return (stage=back)',
        params: IdParams,
        querystring: Type.Object({ stage: Type.Union([Type.Literal('out'), Type.Literal('back')]) }),
        response: { 200: LoanSchema, ...errors, 413: problem, 415: problem },
      },
    },
    async (request) => {
      if (!(request.body instanceof Buffer)) throw new AppError('hut_photo_invalid');
      return huts.addLoanPhoto(request.actor, request.params.id, request.query.stage, request.body);
    },
  );
  app.get(
    '/api/huts/loans/:id/photos/:photoId',
    {
      schema: {
        tags,
        summary: "A loan's condition photo (its two sides and the hut's keepers)",
        params: Type.Object({ id: Type.String({ maxLength: 64 }), photoId: Type.String({ maxLength: 64 }) }),
        querystring: Type.Object({
          size: Type.Optional(Type.Union([Type.Literal('full'), Type.Literal('thumb')])),
        }),
        produces: ['image/webp'],
      },
    },
    async (request, reply) => {
      const photo = await huts.loanPhoto(
        request.actor,
        request.params.id,
        request.params.photoId,
        request.query.size ?? 'full',
      );
      return reply.type(photo.contentType).header('cache-control', 'private, max-age=3600').send(photo.bytes);
    },
  );

  // ---- holds ----
  app.post(
    '/api/huts/items/:id/holds',
    {
      schema: {
        tags,
        summary: 'Join the queue for an item',
        params: IdParams,
        response: { 201: HoldSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await huts.placeHold(request.actor, request.params.id)),
  );
  app.post(
    '/api/huts/holds/:id/cancel',
    {
      schema: { tags, summary: 'Cancel a hold', params: IdParams, response: { 200: HoldSchema, ...errors } },
    },
    (request) => huts.cancelHold(request.actor, request.params.id),
  );
  app.post(
    '/api/huts/holds/:id/approve',
    {
      schema: {
        tags,
        summary: 'Approve a hold that the lending policy makes wait for staff (keepers)',
        params: IdParams,
        response: { 200: HoldSchema, ...errors },
      },
    },
    (request) => huts.approveHold(request.actor, request.params.id),
  );
  app.post(
    '/api/huts/holds/:id/reorder',
    {
      schema: {
        tags,
        summary: 'Move a waiting hold to another place in line, with a reason (keepers)',
        params: IdParams,
        body: ReorderSchema,
        response: { 200: HoldSchema, ...errors },
      },
    },
    (request) => huts.reorderHold(request.actor, request.params.id, request.body),
  );
  app.get(
    '/api/me/huts/holds',
    { schema: { tags, summary: 'My holds', response: { 200: HoldListSchema, 401: problem } } },
    async (request) => ({ items: await huts.myHolds(request.actor) }),
  );
  app.get(
    '/api/me/huts/loans',
    {
      schema: {
        tags,
        summary: 'What I borrow and lend now',
        response: { 200: LoanListSchema, 401: problem },
      },
    },
    async (request) => ({ items: await huts.myLoans(request.actor) }),
  );
  app.get(
    '/api/me/huts/member-code',
    {
      schema: {
        tags,
        summary: 'My member code for the hut desk to scan (never the phone number), with its QR code',
        response: { 200: MemberCodeSchema, 401: problem },
      },
    },
    async (request) => {
      const code = await huts.memberCode(request.actor);
      return {
        code,
        svg: await QRCode.toString(code, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }),
      };
    },
  );

  // ---- the desk ----
  app.get(
    '/api/huts/:id/desk/members/:code',
    {
      schema: {
        tags,
        summary: "Desk: a scanned member code — the member's nickname, loans and ready holds here",
        params: Type.Object({
          id: Type.String({ maxLength: 64 }),
          code: Type.String({ minLength: 4, maxLength: 40 }),
        }),
        response: { 200: DeskMemberSchema, ...errors },
      },
    },
    (request) => huts.deskMember(request.actor, request.params.id, request.params.code),
  );
  app.get(
    '/api/huts/:id/desk/units/:label',
    {
      schema: {
        tags,
        summary: 'Desk: a scanned item label — the copy, its open loan or the member it is kept for',
        params: Type.Object({
          id: Type.String({ maxLength: 64 }),
          label: Type.String({ minLength: 1, maxLength: 40 }),
        }),
        response: { 200: DeskUnitSchema, ...errors },
      },
    },
    (request) => huts.deskUnit(request.actor, request.params.id, request.params.label),
  );
  app.post(
    '/api/huts/:id/checkout',
    {
      schema: {
        tags,
        summary: 'Desk check-out: scanned member code and item label (or pooled item and quantity)',
        params: IdParams,
        body: CheckoutSchema,
        response: { 201: LoanSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await huts.checkout(request.actor, request.params.id, request.body)),
  );
  app.post(
    '/api/huts/:id/returns',
    {
      schema: {
        tags,
        summary: 'Desk return with the condition; the copy goes to sanitising, maintenance or the queue',
        params: IdParams,
        body: ReturnSchema,
        response: { 200: ReturnResultSchema, ...errors },
      },
    },
    (request) => huts.returnLoan(request.actor, request.params.id, request.body),
  );
  app.post(
    '/api/huts/units/:id/ready',
    {
      schema: {
        tags,
        summary: 'Sanitising or the safety check is done: the copy is available again',
        params: IdParams,
        body: UnitDoneSchema,
        response: { 200: ItemSchema, ...errors },
      },
    },
    (request) => huts.unitReady(request.actor, request.params.id, request.body),
  );
  app.post(
    '/api/huts/units/:id/maintenance',
    {
      schema: {
        tags,
        summary: 'Send a copy to maintenance',
        params: IdParams,
        body: NoteBody,
        response: { 200: ItemSchema, ...errors },
      },
    },
    (request) => huts.unitToMaintenance(request.actor, request.params.id, request.body.note),
  );
  app.post(
    '/api/huts/units/:id/retire',
    {
      schema: {
        tags,
        summary: 'Retire one copy (refused while on loan)',
        params: IdParams,
        body: ReasonBody,
        response: { 200: ItemSchema, ...errors },
      },
    },
    (request) => huts.retireUnit(request.actor, request.params.id, request.body.reason),
  );

  // ---- loans ----
  app.get(
    '/api/huts/loans/:id',
    { schema: { tags, summary: 'A loan', params: IdParams, response: { 200: LoanSchema, ...errors } } },
    (request) => huts.loan(request.actor, request.params.id),
  );
  app.post(
    '/api/huts/loans/:id/renew',
    {
      schema: {
        tags,
        summary: 'Renew my loan (refused while someone waits, or past the limit)',
        params: IdParams,
        response: { 200: LoanSchema, ...errors },
      },
    },
    (request) => huts.renew(request.actor, request.params.id),
  );
  app.post(
    '/api/huts/items/:id/loan-requests',
    {
      schema: {
        tags,
        summary: 'Ask a neighbour to lend their item; the return time is fixed now',
        params: IdParams,
        body: NeighbourRequestSchema,
        response: { 201: LoanSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await huts.requestLoan(request.actor, request.params.id, request.body)),
  );
  app.post(
    '/api/huts/loans/:id/accept',
    {
      schema: {
        tags,
        summary: 'The lender accepts',
        params: IdParams,
        response: { 200: LoanSchema, ...errors },
      },
    },
    (request) => huts.acceptLoan(request.actor, request.params.id),
  );
  for (const action of ['decline', 'cancel'] as const)
    app.post(
      `/api/huts/loans/:id/${action}`,
      {
        schema: {
          tags,
          summary: action === 'decline' ? 'The lender declines' : 'The borrower cancels before the handover',
          params: IdParams,
          body: ReasonBody,
          response: { 200: LoanSchema, ...errors },
        },
      },
      (request) => huts.closeRequest(request.actor, request.params.id, request.body.reason),
    );
  app.post(
    '/api/huts/loans/:id/handover',
    {
      schema: {
        tags,
        summary: 'Confirm the condition at the handover (both sides; the loan starts when both have)',
        params: IdParams,
        body: ConfirmConditionSchema,
        response: { 200: LoanSchema, ...errors },
      },
    },
    (request) => huts.confirmHandover(request.actor, request.params.id, request.body),
  );
  app.post(
    '/api/huts/loans/:id/return-confirm',
    {
      schema: {
        tags,
        summary: 'Confirm the condition on return (both sides; returned when both have)',
        params: IdParams,
        body: ConfirmConditionSchema,
        response: { 200: LoanSchema, ...errors },
      },
    },
    (request) => huts.confirmReturn(request.actor, request.params.id, request.body),
  );
  app.post(
    '/api/huts/loans/:id/damage',
    {
      schema: {
        tags,
        summary: 'Report damage or loss (keepers; the lender of a neighbour loan)',
        params: IdParams,
        body: DamageReportSchema,
        response: { 200: LoanSchema, ...errors },
      },
    },
    (request) => huts.reportDamage(request.actor, request.params.id, request.body),
  );
  app.post(
    '/api/huts/loans/:id/settle',
    {
      schema: {
        tags,
        summary: 'Settle a damage or loss report (community workers)',
        params: IdParams,
        body: SettleSchema,
        response: { 200: LoanSchema, ...errors },
      },
    },
    (request) => huts.settleDamage(request.actor, request.params.id, request.body),
  );
  app.put(
    '/api/huts/policies',
    {
      schema: {
        tags,
        summary: 'Add a lending rule (district admins); the most specific matching rule applies',
        body: PolicyRuleInputSchema,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await huts.setPolicy(request.actor, request.body);
      return reply.status(204).send(null);
    },
  );

  // ---- reports and labels ----
  app.get(
    '/api/huts/:id/reports',
    {
      schema: {
        tags,
        summary: 'Keeper reports: utilisation, most borrowed, never borrowed (sleeping resources)',
        params: IdParams,
        querystring: ReportQuerySchema,
        response: { 200: UtilisationReportSchema, ...errors },
      },
    },
    (request) => huts.report(request.actor, request.params.id, request.query),
  );
  app.get(
    '/api/huts/:id/reports.csv',
    {
      schema: {
        tags,
        summary: 'The same report as CSV (UTF-8 with BOM)',
        params: IdParams,
        querystring: ReportQuerySchema,
        produces: ['text/csv'],
        response: { 200: Type.String(), ...errors },
      },
    },
    async (request, reply) => {
      const report = await huts.report(request.actor, request.params.id, request.query);
      const csv = toCsv(
        ['item_id', 'title', 'category', 'copies', 'loans', 'days_on_loan', 'utilisation', 'last_loan_at'],
        report.items.map((r) => [
          r.itemId,
          r.title,
          r.category,
          r.copies,
          r.loans,
          r.daysOnLoan,
          r.utilisation,
          r.lastLoanAt === null ? null : new Date(r.lastLoanAt).toISOString(),
        ]),
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="hut-${request.query.kind}.csv"`)
        .send(csv);
    },
  );
  app.get(
    '/api/huts/:id/overdue',
    {
      schema: {
        tags,
        summary: 'Overdue loans (keepers)',
        params: IdParams,
        response: { 200: OverdueReportSchema, ...errors },
      },
    },
    (request) => huts.overdue(request.actor, request.params.id),
  );
  app.get(
    '/api/huts/:id/overdue.csv',
    {
      schema: {
        tags,
        summary: 'Overdue loans as CSV',
        params: IdParams,
        produces: ['text/csv'],
        response: { 200: Type.String(), ...errors },
      },
    },
    async (request, reply) => {
      const report = await huts.overdue(request.actor, request.params.id);
      const csv = toCsv(
        ['loan_id', 'item', 'label', 'borrower', 'due_date', 'days_overdue'],
        report.items.map((r) => [
          r.loanId,
          r.itemTitle,
          r.unitLabel,
          r.borrowerNickname,
          r.dueDate,
          r.daysOverdue,
        ]),
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="hut-overdue.csv"')
        .send(csv);
    },
  );
  app.get(
    '/api/huts/:id/labels',
    {
      schema: {
        tags,
        summary:
          'A printable label sheet (HTML print page, A4, QR code and name per copy); no PDF library is installed',
        params: IdParams,
        querystring: Type.Object(
          { item: Type.Optional(Type.String({ maxLength: 64 })) },
          { additionalProperties: false },
        ),
        produces: ['text/html'],
        response: { 200: Type.String(), ...errors },
      },
    },
    async (request, reply) => {
      const sheet = await huts.labels(request.actor, request.params.id, request.query.item);
      const cells = await Promise.all(
        sheet.labels.map(
          async (l) =>
            `<div class="label">${await QRCode.toString(l.label, { type: 'svg', margin: 0, errorCorrectionLevel: 'M' })}<div class="t">${escapeHtml(l.title)}</div><div class="c">${escapeHtml(l.label)}</div></div>`,
        ),
      );
      const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(sheet.hutName)} 标签</title><style>@page{size:A4;margin:10mm}body{font-family:sans-serif;margin:0}.sheet{display:grid;grid-template-columns:repeat(4,1fr);gap:4mm}.label{border:1px dashed #999;padding:2mm;text-align:center;break-inside:avoid}.label svg{width:30mm;height:30mm}.t{font-size:10pt}.c{font-family:monospace;font-size:9pt}</style></head><body><h1 style="font-size:12pt">${escapeHtml(sheet.hutName)}</h1><div class="sheet">${cells.join('')}</div></body></html>`;
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .send(html);
    },
  );
};
