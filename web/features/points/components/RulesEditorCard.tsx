import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PointsRules, RulesVersion } from '../../../../common/schemas/points';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { useRules } from '../api/get-rules';
import { useSaveRules } from '../api/save-rules';
import { adminDistricts, type RoleGrant } from '../lib/roles';

/** District admins: the rules in force (with their version) and a form to publish a new version. */
export function RulesEditorCard({ roles }: { roles: RoleGrant[] }) {
  const { t, i18n } = useTranslation('points');
  const id = useId();
  const district = adminDistricts(roles)[0];
  const rules = useRules(district, !!district);
  // Kept here: the form below starts afresh for each new version, the confirmation should not.
  const save = useSaveRules();
  if (!district) return null;
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('console.rules_title')}</h2>
      {rules.isPending && <Loading />}
      {rules.isError && <ErrorMessage error={rules.error} onRetry={() => void rules.refetch()} />}
      {rules.data && (
        <>
          <p className="notice">
            {rules.data.version > 0 && rules.data.createdAt !== null
              ? t('console.rules_current', {
                  version: rules.data.version,
                  date: new Intl.DateTimeFormat(i18n.language, {
                    timeZone: 'Asia/Shanghai',
                    dateStyle: 'medium',
                    timeStyle: 'short',
                  }).format(rules.data.createdAt),
                })
              : t('console.rules_current_default')}
          </p>
          {save.isSuccess && (
            <p className="notice ok" role="status">
              {t('console.rules_saved', { version: save.data.version })}
            </p>
          )}
          <RulesForm key={rules.data.version} district={district} current={rules.data} save={save} />
        </>
      )}
    </section>
  );
}

type NumberField =
  | 'pointsPerHour'
  | 'eventVolunteerPointsPerHour'
  | 'creditLimit'
  | 'giftMonthlyCap'
  | 'adjustmentApprovalThreshold';

function RulesForm({
  district,
  current,
  save,
}: {
  district: string;
  current: RulesVersion;
  save: ReturnType<typeof useSaveRules>;
}) {
  const { t } = useTranslation('points');
  const id = useId();
  const r = current.rules;
  const [numbers, setNumbers] = useState<Record<NumberField, string>>({
    pointsPerHour: String(r.pointsPerHour),
    eventVolunteerPointsPerHour: String(r.eventVolunteerPointsPerHour),
    creditLimit: String(r.creditLimit),
    giftMonthlyCap: String(r.giftMonthlyCap),
    adjustmentApprovalThreshold: String(r.adjustmentApprovalThreshold),
  });
  const [storageCap, setStorageCap] = useState(r.storageCap === null ? '' : String(r.storageCap));
  const [expiry, setExpiry] = useState(r.expiryMonths === null ? '' : String(r.expiryMonths));
  const [aboveCap, setAboveCap] = useState(r.aboveCap);
  const [payer, setPayer] = useState(r.defaultPayer);
  const numberInput = (field: NumberField, label: string) => (
    <>
      <label className="field-label points-field" htmlFor={`${id}-${field}`}>
        {label}
      </label>
      <input
        id={`${id}-${field}`}
        className="input"
        inputMode="numeric"
        value={numbers[field]}
        onChange={(e) => setNumbers({ ...numbers, [field]: e.target.value.replace(/[^\d]/g, '') })}
      />
    </>
  );
  const complete = Object.values(numbers).every((v) => v !== '');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const rules: PointsRules = {
          ...r,
          pointsPerHour: Number(numbers.pointsPerHour),
          eventVolunteerPointsPerHour: Number(numbers.eventVolunteerPointsPerHour),
          creditLimit: Number(numbers.creditLimit),
          giftMonthlyCap: Number(numbers.giftMonthlyCap),
          adjustmentApprovalThreshold: Number(numbers.adjustmentApprovalThreshold),
          storageCap: storageCap === '' ? null : Number(storageCap),
          expiryMonths: expiry === '' ? null : Number(expiry),
          aboveCap,
          defaultPayer: payer,
        };
        save.mutate({ district, rules });
      }}
    >
      {numberInput('pointsPerHour', t('console.rules_points_per_hour'))}
      <label className="field-label points-field" htmlFor={`${id}-payer`}>
        {t('console.rules_default_payer')}
      </label>
      <select
        id={`${id}-payer`}
        className="input"
        value={payer}
        onChange={(e) => setPayer(e.target.value as PointsRules['defaultPayer'])}
      >
        <option value="recipient">{t('console.payers.recipient')}</option>
        <option value="community">{t('console.payers.community')}</option>
      </select>
      {numberInput('eventVolunteerPointsPerHour', t('console.rules_event'))}
      <label className="field-label points-field" htmlFor={`${id}-cap`}>
        {t('console.rules_storage_cap')}
      </label>
      <input
        id={`${id}-cap`}
        className="input"
        inputMode="numeric"
        value={storageCap}
        onChange={(e) => setStorageCap(e.target.value.replace(/[^\d]/g, ''))}
      />
      <label className="field-label points-field" htmlFor={`${id}-above`}>
        {t('console.rules_above_cap')}
      </label>
      <select
        id={`${id}-above`}
        className="input"
        value={aboveCap}
        onChange={(e) => setAboveCap(e.target.value as PointsRules['aboveCap'])}
      >
        <option value="to_pool">{t('console.above_cap.to_pool')}</option>
        <option value="refuse">{t('console.above_cap.refuse')}</option>
      </select>
      <label className="field-label points-field" htmlFor={`${id}-exp`}>
        {t('console.rules_expiry')}
      </label>
      <input
        id={`${id}-exp`}
        className="input"
        inputMode="numeric"
        value={expiry}
        onChange={(e) => setExpiry(e.target.value.replace(/[^\d]/g, ''))}
      />
      {numberInput('creditLimit', t('console.rules_credit'))}
      {numberInput('giftMonthlyCap', t('console.rules_gift_cap'))}
      {numberInput('adjustmentApprovalThreshold', t('console.rules_threshold'))}
      {save.isError && <ErrorMessage error={save.error} />}
      <button type="submit" className="button block-button" disabled={!complete || save.isPending}>
        {t('console.rules_save')}
      </button>
    </form>
  );
}
