import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { transferTypeNames } from '../../../common/i18n/points.js';
import { normalizePhone } from '../../../common/identity/phone.js';
import {
  AdjustmentRequestSchema,
  AdjustmentSchema,
  BalanceSchema,
  BudgetSchema,
  DonationRequestSchema,
  GiftRequestSchema,
  GrantRequestSchema,
  MonthlyStatementSchema,
  PointsRulesSchema,
  PriorityResidentSchema,
  ReversalRequestSchema,
  RulesVersionSchema,
  StatementSchema,
  TRANSFER_TYPES,
  type TransferResult,
  TransferResultSchema,
  type TransferType,
} from '../../../common/schemas/points.js';
import { EpochMs } from '../../../common/schemas/time.js';
import { AppError } from '../../errors.js';
import { localeFromAcceptLanguage } from '../../lib/locale.js';
import type { IdentityDirectory } from '../identity/directory.js';
import { statementCsv } from './points.presenter.js';
import type { PointsService } from './points.service.js';

const problem = { $ref: 'Problem#' } as const;
const tags = ['points'];
const DivisionCode = Type.String({ pattern: '^(\\d{6}|\\d{9}|\\d{12})$' });
const IdParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
const statementFilter = {
  type: Type.Optional(Type.Union(TRANSFER_TYPES.map((t) => Type.Literal(t)))),
  direction: Type.Optional(Type.Union([Type.Literal('in'), Type.Literal('out')])),
  from: Type.Optional(EpochMs()),
  to: Type.Optional(EpochMs()),
};
const StatementQuery = Type.Object(statementFilter, { additionalProperties: false });
const transferResponses = {
  200: TransferResultSchema,
  201: TransferResultSchema,
  400: problem,
  401: problem,
  403: problem,
  404: problem,
  409: problem,
};

/** A first request creates (201); a replay of the same key answers with the original (200). */
function created(result: TransferResult): 200 | 201 {
  return result.replayed ? 200 : 201;
}

export const pointsRoutes: FastifyPluginAsyncTypebox<{
  points: PointsService;
  directory: IdentityDirectory;
}> = async (app, opts) => {
  const { points, directory } = opts;

  // ---- my account ----
  app.get(
    '/api/me/points',
    {
      schema: {
        tags,
        summary: 'My love-points balance, points given and received',
        response: { 200: BalanceSchema, 401: problem },
      },
    },
    (request) => points.balance(request.actor),
  );
  app.get(
    '/api/me/points/statement',
    {
      schema: {
        tags,
        summary: 'My statement, newest first; each line links to its trust-log receipt',
        querystring: Type.Object(
          {
            ...statementFilter,
            cursor: Type.Optional(Type.Integer({ minimum: 0 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: StatementSchema, 400: problem, 401: problem },
      },
    },
    (request) => points.statement(request.actor, request.query),
  );
  app.get(
    '/api/me/points/statement.csv',
    {
      schema: {
        tags,
        summary: 'My statement as CSV (UTF-8 with BOM, opens in Excel)',
        querystring: StatementQuery,
        produces: ['text/csv'],
        response: { 200: Type.String(), 400: problem, 401: problem },
      },
    },
    async (request, reply) => {
      const lines = await points.statementAll(request.actor, request.query);
      const locale = localeFromAcceptLanguage(request.headers['accept-language']);
      const names = transferTypeNames[locale];
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="linli-points-statement.csv"')
        .send(statementCsv(lines, locale, (t) => names[t as TransferType] ?? t));
    },
  );
  app.get(
    '/api/me/points/statements/:month',
    {
      schema: {
        tags,
        summary: 'My monthly statement (China time): opening and closing balance, every line',
        params: Type.Object({ month: Type.String({ maxLength: 7 }) }),
        response: { 200: MonthlyStatementSchema, 400: problem, 401: problem },
      },
    },
    (request) => points.monthlyStatement(request.actor, request.params.month),
  );
  app.post(
    '/api/me/points/gifts',
    {
      schema: {
        tags,
        summary: 'Give points to a confirmed family member',
        body: GiftRequestSchema,
        response: transferResponses,
      },
    },
    async (request, reply) => {
      const result = await points.gift(request.actor, request.body);
      return reply.status(created(result)).send(result);
    },
  );
  app.post(
    '/api/me/points/donations',
    {
      schema: {
        tags,
        summary: 'Donate points to a community pool',
        body: DonationRequestSchema,
        response: transferResponses,
      },
    },
    async (request, reply) => {
      const result = await points.donate(request.actor, request.body);
      return reply.status(created(result)).send(result);
    },
  );

  // ---- rules (public) ----
  app.get(
    '/api/points/rules',
    {
      schema: {
        tags,
        summary: 'The rules in force for a district (default: mine), shown before anyone earns',
        querystring: Type.Object({ division: Type.Optional(DivisionCode) }, { additionalProperties: false }),
        response: { 200: RulesVersionSchema, 400: problem, 409: problem },
      },
    },
    (request) => points.rulesFor(request.actor, request.query.division),
  );
  app.get(
    '/api/points/rules/history',
    {
      schema: {
        tags,
        summary: 'Every version of a district’s rules, newest first',
        querystring: Type.Object({ division: DivisionCode }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(RulesVersionSchema) }), 400: problem },
      },
    },
    async (request) => ({ items: await points.rulesHistory(request.actor, request.query.division) }),
  );
  app.put(
    '/api/points/rules/:district',
    {
      schema: {
        tags,
        summary: 'Publish a new version of a district’s rules (district admin)',
        params: Type.Object({ district: DivisionCode }),
        body: PointsRulesSchema,
        response: { 200: RulesVersionSchema, 400: problem, 401: problem, 403: problem },
      },
    },
    (request) => points.setRules(request.actor, request.params.district, request.body),
  );

  // ---- staff ----
  app.get(
    '/api/points/lookup',
    {
      schema: {
        tags,
        summary: 'Find a resident of my communities by phone number, for staff forms',
        querystring: Type.Object({ phone: Type.String({ maxLength: 32 }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            accountId: Type.String(),
            nickname: Type.String(),
            balance: Type.Integer(),
            priority: Type.Union([Type.String(), Type.Null()]),
            creditLimit: Type.Union([Type.Integer(), Type.Null()], {
              description: 'The account’s own credit limit; null: the district default',
            }),
          }),
          400: problem,
          401: problem,
          403: problem,
          404: problem,
        },
      },
    },
    async (request) => {
      if (!normalizePhone(request.query.phone)) throw new AppError('invalid_phone');
      const accountId = await directory.accountIdByPhone(request.query.phone);
      return points.staffView(request.actor, accountId);
    },
  );
  app.get(
    '/api/points/budgets',
    {
      schema: {
        tags,
        summary: 'Budgets, points issued and pools of the communities in a division',
        querystring: Type.Object({ division: DivisionCode }, { additionalProperties: false }),
        response: {
          200: Type.Object({ items: Type.Array(BudgetSchema) }),
          400: problem,
          401: problem,
          403: problem,
        },
      },
    },
    async (request) => ({ items: await points.budgets(request.actor, request.query.division) }),
  );
  app.put(
    '/api/points/budgets/:community',
    {
      schema: {
        tags,
        summary: 'Set how many points a community may put into circulation (district admin)',
        params: Type.Object({ community: Type.String({ pattern: '^\\d{12}$' }) }),
        body: Type.Object({ budget: Type.Number() }, { additionalProperties: false }),
        response: { 204: Type.Null(), 400: problem, 401: problem, 403: problem, 404: problem },
      },
    },
    async (request, reply) => {
      await points.setBudget(request.actor, request.params.community, request.body.budget);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/points/grants',
    {
      schema: {
        tags,
        summary: 'Grant points from the community pool to a priority resident',
        body: GrantRequestSchema,
        response: transferResponses,
      },
    },
    async (request, reply) => {
      const result = await points.grant(request.actor, request.body);
      return reply.status(created(result)).send(result);
    },
  );
  app.post(
    '/api/points/help-records',
    {
      schema: {
        tags,
        summary: 'Record public-benefit help a resident gave; the community issues the points by the rules',
        body: Type.Object(
          {
            accountId: Type.String({ maxLength: 64 }),
            minutes: Type.Number(),
            category: Type.Optional(Type.String({ maxLength: 40 })),
            memo: Type.String({ minLength: 2, maxLength: 200 }),
            idempotencyKey: Type.String({ minLength: 8, maxLength: 100, pattern: '^[A-Za-z0-9_.:-]+$' }),
          },
          { additionalProperties: false },
        ),
        response: transferResponses,
      },
    },
    async (request, reply) => {
      const result = await points.recordHelp(request.actor, request.body);
      return reply.status(created(result)).send(result);
    },
  );
  app.get(
    '/api/points/priority',
    {
      schema: {
        tags,
        summary: 'Priority residents of a community (for pool grants)',
        querystring: Type.Object(
          { community: Type.String({ pattern: '^\\d{12}$' }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(PriorityResidentSchema) }),
          400: problem,
          401: problem,
          403: problem,
        },
      },
    },
    async (request) => ({ items: await points.priorityResidents(request.actor, request.query.community) }),
  );
  app.put(
    '/api/points/priority/:id',
    {
      schema: {
        tags,
        summary: 'Mark or clear a resident as a priority resident',
        params: IdParams,
        body: Type.Object(
          {
            priority: Type.Union([
              Type.Literal('elderly_alone'),
              Type.Literal('disabled'),
              Type.Literal('other'),
              Type.Null(),
            ]),
          },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), 400: problem, 401: problem, 403: problem, 404: problem },
      },
    },
    async (request, reply) => {
      await points.setPriority(request.actor, request.params.id, request.body.priority);
      return reply.status(204).send(null);
    },
  );
  app.put(
    '/api/points/accounts/:id/credit-limit',
    {
      schema: {
        tags,
        summary: 'Set a resident’s own credit limit, or null for the district default (district admin)',
        params: IdParams,
        body: Type.Object(
          { creditLimit: Type.Union([Type.Number(), Type.Null()]) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), 400: problem, 401: problem, 403: problem, 404: problem },
      },
    },
    async (request, reply) => {
      await points.setCreditLimit(request.actor, request.params.id, request.body.creditLimit);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/points/adjustments',
    {
      schema: {
        tags,
        summary: 'Adjust a resident’s points with a reason; above the threshold a second admin approves',
        body: AdjustmentRequestSchema,
        response: {
          201: AdjustmentSchema,
          400: problem,
          401: problem,
          403: problem,
          404: problem,
          409: problem,
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await points.requestAdjustment(request.actor, request.body)),
  );
  app.get(
    '/api/points/adjustments',
    {
      schema: {
        tags,
        summary: 'Adjustments in a district, newest first',
        querystring: Type.Object(
          {
            division: DivisionCode,
            status: Type.Optional(
              Type.Union([Type.Literal('pending'), Type.Literal('executed'), Type.Literal('rejected')]),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(AdjustmentSchema) }),
          400: problem,
          401: problem,
          403: problem,
        },
      },
    },
    async (request) => ({
      items: await points.adjustments(request.actor, request.query.division, request.query.status),
    }),
  );
  for (const decision of ['approve', 'reject'] as const) {
    app.post(
      `/api/points/adjustments/:id/${decision}`,
      {
        schema: {
          tags,
          summary:
            decision === 'approve'
              ? 'Approve a pending adjustment (a second admin)'
              : 'Reject a pending adjustment',
          params: IdParams,
          response: { 200: AdjustmentSchema, 401: problem, 403: problem, 404: problem, 409: problem },
        },
      },
      (request) =>
        decision === 'approve'
          ? points.approveAdjustment(request.actor, request.params.id)
          : points.rejectAdjustment(request.actor, request.params.id),
    );
  }
  app.post(
    '/api/points/transfers/:id/reverse',
    {
      schema: {
        tags,
        summary: 'Reverse a transfer with a reversing transfer (district admin)',
        params: IdParams,
        body: ReversalRequestSchema,
        response: transferResponses,
      },
    },
    async (request, reply) => {
      const result = await points.reverse(request.actor, request.params.id, request.body);
      return reply.status(created(result)).send(result);
    },
  );
};
