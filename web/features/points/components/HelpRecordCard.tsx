import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { useBudgets } from '../api/budgets';
import type { ResidentView } from '../api/lookup';
import {
  type Priority,
  useGrant,
  usePriorityResidents,
  useRecordHelp,
  useSetPriority,
} from '../api/staff-actions';
import { useAttemptKey } from '../lib/attempt-key';
import { formatPoints } from '../lib/format';
import { actingDivisions, type RoleGrant } from '../lib/roles';
import { normaliseDigits, parseWhole } from '../lib/whole-number';
import { DivisionPicker } from './DivisionPicker';
import { ResidentLookup } from './ResidentLookup';

const PRIORITIES = ['elderly_alone', 'disabled', 'other'] as const;

/** Workers: find a resident, record public-benefit help, mark priority, grant from the pool. */
export function HelpRecordCard({ roles }: { roles: RoleGrant[] }) {
  const { t, i18n } = useTranslation('points');
  const id = useId();
  const divisions = actingDivisions(roles);
  const [resident, setResident] = useState<ResidentView | null>(null);
  if (divisions.length === 0) return null;
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('console.help_title')}</h2>
      <p className="small muted">{t('console.help_intro')}</p>
      <ResidentLookup onFound={setResident} />
      {resident && <ResidentActions key={resident.accountId} resident={resident} lang={i18n.language} />}
      <PriorityList division={divisions[0]!} />
    </section>
  );
}

function ResidentActions({ resident, lang }: { resident: ResidentView; lang: string }) {
  const { t } = useTranslation('points');
  const id = useId();
  const help = useRecordHelp();
  const helpKey = useAttemptKey();
  const [minutes, setMinutes] = useState('');
  const [memo, setMemo] = useState('');
  const setPriority = useSetPriority();
  const [priority, setPriorityValue] = useState<string>(resident.priority ?? '');
  const grant = useGrant();
  const grantKey = useAttemptKey();
  const [grantAmount, setGrantAmount] = useState('');
  const [reason, setReason] = useState('');
  const mins = parseWhole(minutes, 1440);
  const grantN = parseWhole(grantAmount);
  return (
    <div className="points-staff-actions">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (mins === null) return;
          help.mutate(
            {
              accountId: resident.accountId,
              minutes: mins,
              memo: memo.trim(),
              idempotencyKey: helpKey.current(),
            },
            {
              onSuccess: () => {
                helpKey.reset();
                setMinutes('');
                setMemo('');
              },
            },
          );
        }}
      >
        <h3>{t('console.help_section')}</h3>
        <label className="field-label" htmlFor={`${id}-min`}>
          {t('console.help_minutes')}
        </label>
        <input
          id={`${id}-min`}
          className="input"
          inputMode="numeric"
          value={minutes}
          onChange={(e) => {
            helpKey.reset();
            setMinutes(normaliseDigits(e.target.value));
          }}
        />
        {minutes.trim() && mins === null && <p className="notice">{t('console.help_minutes_invalid')}</p>}
        <label className="field-label points-field" htmlFor={`${id}-memo`}>
          {t('console.help_memo')}
        </label>
        <input
          id={`${id}-memo`}
          className="input"
          value={memo}
          maxLength={200}
          placeholder={t('console.help_memo_placeholder')}
          onChange={(e) => {
            helpKey.reset();
            setMemo(e.target.value);
          }}
        />
        {help.isError && <ErrorMessage error={help.error} />}
        {help.isSuccess && (
          <p className="notice ok" role="status">
            {t('console.help_done', { amount: formatPoints(help.data.amount, lang) })}
          </p>
        )}
        <button
          type="submit"
          className="button block-button"
          disabled={mins === null || memo.trim().length < 2 || help.isPending}
        >
          {t('console.help_submit')}
        </button>
      </form>

      <form
        onSubmit={(e) => {
          e.preventDefault();
          setPriority.mutate({
            accountId: resident.accountId,
            priority: (priority || null) as Priority | null,
          });
        }}
      >
        <label className="field-label" htmlFor={`${id}-prio`}>
          {t('console.priority_label')}
        </label>
        <div className="inline-form">
          <select
            id={`${id}-prio`}
            className="input"
            value={priority}
            onChange={(e) => {
              setPriority.reset();
              setPriorityValue(e.target.value);
            }}
          >
            <option value="">{t('console.priorities.none')}</option>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`console.priorities.${p}`)}
              </option>
            ))}
          </select>
          <button type="submit" className="button secondary" disabled={setPriority.isPending}>
            {t('console.priority_save')}
          </button>
        </div>
        {setPriority.isError && <ErrorMessage error={setPriority.error} />}
        {setPriority.isSuccess && (
          <p className="notice ok" role="status">
            {t('console.priority_saved')}
          </p>
        )}
      </form>

      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (grantN === null) return;
          grant.mutate(
            {
              accountId: resident.accountId,
              amount: grantN,
              reason: reason.trim(),
              idempotencyKey: grantKey.current(),
            },
            {
              onSuccess: () => {
                grantKey.reset();
                setGrantAmount('');
              },
            },
          );
        }}
      >
        <h3>{t('console.grant_submit')}</h3>
        <label className="field-label" htmlFor={`${id}-ga`}>
          {t('console.grant_amount')}
        </label>
        <input
          id={`${id}-ga`}
          className="input"
          inputMode="numeric"
          value={grantAmount}
          onChange={(e) => {
            grantKey.reset();
            setGrantAmount(normaliseDigits(e.target.value));
          }}
        />
        {grantAmount.trim() && grantN === null && <p className="notice">{t('amount_hint')}</p>}
        <label className="field-label points-field" htmlFor={`${id}-gr`}>
          {t('console.grant_reason')}
        </label>
        <input
          id={`${id}-gr`}
          className="input"
          value={reason}
          maxLength={200}
          onChange={(e) => {
            grantKey.reset();
            setReason(e.target.value);
          }}
        />
        {grant.isError && <ErrorMessage error={grant.error} />}
        {grant.isSuccess && (
          <p className="notice ok" role="status">
            {t('console.grant_done', { amount: formatPoints(grant.data.amount, lang) })}
          </p>
        )}
        <button
          type="submit"
          className="button secondary block-button"
          disabled={grantN === null || reason.trim().length < 2 || grant.isPending}
        >
          {t('console.grant_submit')}
        </button>
      </form>
    </div>
  );
}

function PriorityList({ division }: { division: string }) {
  const { t, i18n } = useTranslation('points');
  const id = useId();
  const budgets = useBudgets(division);
  const communities = (budgets.data ?? []).map((b) => ({ code: b.communityCode, name: b.communityName }));
  const [chosen, setChosen] = useState('');
  const community = chosen || communities[0]?.code;
  const list = usePriorityResidents(community);
  return (
    <>
      <h3 id={`${id}-h`}>{t('console.priority_list_title')}</h3>
      <DivisionPicker
        divisions={communities}
        value={community ?? ''}
        onChange={setChosen}
        label={t('console.priority_community')}
      />
      {list.isPending && community && <Loading />}
      {list.isError && <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />}
      {list.data?.length === 0 && <p className="muted">{t('console.priority_empty')}</p>}
      {list.data && list.data.length > 0 && (
        <ul className="list" aria-labelledby={`${id}-h`}>
          {list.data.map((p) => (
            <li key={p.accountId} className="row">
              <span className="row-main">
                <span className="row-title">
                  {t('console.priority_row', {
                    name: p.nickname,
                    priority: t(`console.priorities.${p.priority}`, { defaultValue: p.priority }),
                    balance: formatPoints(p.balance, i18n.language),
                  })}
                </span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
