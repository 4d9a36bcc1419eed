import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import {
  useDecideAdjustment,
  usePendingAdjustments,
  useRequestAdjustment,
  useReverseTransfer,
  useSetCreditLimit,
} from '../api/adjustments';
import { useRules } from '../api/get-rules';
import type { ResidentView } from '../api/lookup';
import { useAttemptKey } from '../lib/attempt-key';
import { formatDateTime, formatPoints, formatSigned } from '../lib/format';
import { adminDistricts, type RoleGrant } from '../lib/roles';
import { ResidentLookup } from './ResidentLookup';

/** The reason every correction needs, and the explicit choice to go past a limit. */
function ReasonAndOverride(props: {
  id: string;
  label: string;
  reason: string;
  override: boolean;
  onReason: (value: string) => void;
  onOverride: (value: boolean) => void;
}) {
  const { t } = useTranslation('points');
  return (
    <>
      <label className="field-label points-field" htmlFor={`${props.id}-r`}>
        {props.label}
      </label>
      <input
        id={`${props.id}-r`}
        className="input"
        maxLength={200}
        value={props.reason}
        onChange={(e) => props.onReason(e.target.value)}
      />
      <label className="switch-row">
        <span>{t('console.adjust_override')}</span>
        <input
          type="checkbox"
          className="switch"
          checked={props.override}
          onChange={(e) => props.onOverride(e.target.checked)}
        />
      </label>
    </>
  );
}

/** A whole number of points, negative allowed, not 0. */
function parseSigned(text: string): number | null {
  const m = /^\s*([-−]?)(\d{1,7})\s*$/.exec(text);
  if (!m) return null;
  const n = Number(m[2]) * (m[1] ? -1 : 1);
  return n === 0 ? null : n;
}

/** District admins: adjustments with a reason, approvals by a second admin, reversals. */
export function AdjustmentsCard({ roles }: { roles: RoleGrant[] }) {
  const { t, i18n } = useTranslation('points');
  const id = useId();
  const district = adminDistricts(roles)[0];
  const rules = useRules(district, !!district);
  const pending = usePendingAdjustments(district);
  const decide = useDecideAdjustment();
  const lang = i18n.language;
  if (!district) return null;
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('console.adjust_title')}</h2>
      <p className="small muted">
        {t('console.adjust_intro', {
          threshold: formatPoints(rules.data?.rules.adjustmentApprovalThreshold ?? 100, lang),
        })}
      </p>
      <AdjustmentForm />

      <h3 id={`${id}-p`}>{t('console.pending_title')}</h3>
      {pending.isPending && <Loading />}
      {pending.isError && <ErrorMessage error={pending.error} onRetry={() => void pending.refetch()} />}
      {pending.data?.length === 0 && <p className="muted">{t('console.pending_empty')}</p>}
      {decide.isError && <ErrorMessage error={decide.error} />}
      {pending.data && pending.data.length > 0 && (
        <ul className="list" aria-labelledby={`${id}-p`}>
          {pending.data.map((a) => (
            <li key={a.id} className="row queue-row">
              <span className="row-main">
                <span className="row-title">
                  {t('console.pending_row', { name: a.accountLabel, amount: formatSigned(a.amount, lang) })}
                  {a.override && <span className="tag">{t('console.override_tag')}</span>}
                </span>
                <span className="row-sub">
                  {t('console.pending_sub', { reason: a.reason, date: formatDateTime(a.createdAt, lang) })}
                </span>
              </span>
              <span className="button-row">
                <button
                  type="button"
                  className="button small-button"
                  disabled={decide.isPending}
                  onClick={() => decide.mutate({ id: a.id, decision: 'approve' })}
                >
                  {t('console.approve')}
                </button>
                <button
                  type="button"
                  className="button secondary small-button"
                  disabled={decide.isPending}
                  onClick={() => decide.mutate({ id: a.id, decision: 'reject' })}
                >
                  {t('console.reject')}
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      <ReverseForm />
    </section>
  );
}

function AdjustmentForm() {
  const { t } = useTranslation('points');
  const id = useId();
  const [resident, setResident] = useState<ResidentView | null>(null);
  const adjust = useRequestAdjustment();
  const attempt = useAttemptKey();
  const [amountText, setAmountText] = useState('');
  const [reason, setReason] = useState('');
  const [override, setOverride] = useState(false);
  const amount = parseSigned(amountText);
  const changed = () => {
    attempt.reset();
    adjust.reset();
  };
  return (
    <>
      <ResidentLookup
        onFound={(r) => {
          setResident(r);
          changed();
        }}
      />
      {resident && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (amount === null) return;
            adjust.mutate(
              {
                accountId: resident.accountId,
                amount,
                reason: reason.trim(),
                override,
                idempotencyKey: attempt.current(),
              },
              { onSuccess: () => attempt.reset() },
            );
          }}
        >
          <label className="field-label" htmlFor={`${id}-a`}>
            {t('console.adjust_amount')}
          </label>
          <input
            id={`${id}-a`}
            className="input"
            inputMode="text"
            autoComplete="off"
            value={amountText}
            onChange={(e) => {
              changed();
              setAmountText(e.target.value);
            }}
          />
          <ReasonAndOverride
            id={id}
            label={t('console.adjust_reason')}
            reason={reason}
            override={override}
            onReason={(value) => {
              changed();
              setReason(value);
            }}
            onOverride={(value) => {
              changed();
              setOverride(value);
            }}
          />
          {adjust.isError && <ErrorMessage error={adjust.error} />}
          {adjust.isSuccess && (
            <p className="notice ok" role="status">
              {adjust.data.status === 'pending' ? t('console.adjust_pending') : t('console.adjust_executed')}
            </p>
          )}
          <button
            type="submit"
            className="button block-button"
            disabled={amount === null || reason.trim().length < 2 || adjust.isPending}
          >
            {t('console.adjust_submit')}
          </button>
        </form>
      )}
      {resident && <CreditLimitForm key={resident.accountId} resident={resident} />}
    </>
  );
}

/** A resident's own credit limit; empty means the district default (never "unlimited"). */
function CreditLimitForm({ resident }: { resident: ResidentView }) {
  const { t } = useTranslation('points');
  const id = useId();
  const save = useSetCreditLimit();
  const [text, setText] = useState(resident.creditLimit === null ? '' : String(resident.creditLimit));
  const limit = text.trim() === '' ? null : /^\d{1,5}$/.test(text.trim()) ? Number(text.trim()) : undefined;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (limit !== undefined) save.mutate({ accountId: resident.accountId, creditLimit: limit });
      }}
    >
      <h3>{t('console.limit_title')}</h3>
      <label className="field-label" htmlFor={`${id}-l`}>
        {t('console.limit_label')}
      </label>
      <input
        id={`${id}-l`}
        className="input"
        inputMode="numeric"
        autoComplete="off"
        value={text}
        onChange={(e) => {
          save.reset();
          setText(e.target.value);
        }}
      />
      <p className="muted">{t('console.limit_hint')}</p>
      {save.isError && <ErrorMessage error={save.error} />}
      {save.isSuccess && (
        <p className="notice ok" role="status">
          {t('console.limit_saved')}
        </p>
      )}
      <button
        type="submit"
        className="button secondary block-button"
        disabled={limit === undefined || save.isPending}
      >
        {t('console.limit_submit')}
      </button>
    </form>
  );
}

function ReverseForm() {
  const { t } = useTranslation('points');
  const id = useId();
  const reverse = useReverseTransfer();
  const attempt = useAttemptKey();
  const [transferId, setTransferId] = useState('');
  const [reason, setReason] = useState('');
  const [override, setOverride] = useState(false);
  const changed = () => {
    attempt.reset();
    reverse.reset();
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        reverse.mutate(
          {
            transferId: transferId.trim(),
            reason: reason.trim(),
            override,
            idempotencyKey: attempt.current(),
          },
          { onSuccess: () => attempt.reset() },
        );
      }}
    >
      <h3>{t('console.reverse_title')}</h3>
      <label className="field-label" htmlFor={`${id}-t`}>
        {t('console.reverse_id')}
      </label>
      <input
        id={`${id}-t`}
        className="input mono"
        autoComplete="off"
        value={transferId}
        onChange={(e) => {
          changed();
          setTransferId(e.target.value);
        }}
      />
      <ReasonAndOverride
        id={id}
        label={t('console.reverse_reason')}
        reason={reason}
        override={override}
        onReason={(value) => {
          changed();
          setReason(value);
        }}
        onOverride={(value) => {
          changed();
          setOverride(value);
        }}
      />
      {reverse.isError && <ErrorMessage error={reverse.error} />}
      {reverse.isSuccess && (
        <p className="notice ok" role="status">
          {t('console.reverse_done', { index: reverse.data.logIndex })}
        </p>
      )}
      <button
        type="submit"
        className="button secondary block-button"
        disabled={transferId.trim().length < 8 || reason.trim().length < 2 || reverse.isPending}
      >
        {t('console.reverse_submit')}
      </button>
    </form>
  );
}
