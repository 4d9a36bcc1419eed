import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GrantView } from '../../../../common/schemas/identity';
import { ErrorMessage } from '../../../components/QueryState';
import { apiFetch } from '../../../lib/api';

const key = ['staff', 'grants'] as const;

/** For admins: who holds which role in my divisions; grant a role to a number, revoke one. */
export function GrantsCard() {
  const { t } = useTranslation('identity');
  const id = useId();
  const client = useQueryClient();
  const grants = useQuery({
    queryKey: key,
    queryFn: () => apiFetch<{ items: GrantView[] }>('/api/staff/grants'),
  });
  const [phone, setPhone] = useState('');
  const [division, setDivision] = useState('');
  const [role, setRole] = useState('worker');
  const grant = useMutation({
    mutationFn: () =>
      apiFetch('/api/staff/grants', { method: 'POST', json: { phone, role, divisionCode: division } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: key }),
  });
  const revoke = useMutation({
    mutationFn: (grantId: string) =>
      apiFetch<void>(`/api/staff/grants/${encodeURIComponent(grantId)}`, { method: 'DELETE' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: key }),
  });
  if (grants.isError) return null; // not an admin: nothing to show
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('grants_title')}</h2>
      {grants.data && (
        <ul className="list" aria-label={t('grants_title')}>
          {grants.data.items.map((g) => (
            <li key={g.id} className="row">
              <span className="row-main">
                <span className="row-title">
                  {g.nickname} · {t(`roles.${g.role}`)}
                </span>
                <span className="row-sub mono">{g.divisionCode}</span>
              </span>
              <button
                type="button"
                className="button secondary small-button"
                onClick={() => revoke.mutate(g.id)}
              >
                {t('revoke')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          grant.mutate();
        }}
      >
        <label className="field-label" htmlFor={`${id}-phone`}>
          {t('phone')}
        </label>
        <input
          id={`${id}-phone`}
          className="input"
          type="tel"
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
        />
        <label className="field-label" htmlFor={`${id}-role`}>
          {t('role')}
        </label>
        <select id={`${id}-role`} className="input" value={role} onChange={(e) => setRole(e.target.value)}>
          {['worker', 'hut_keeper', 'street_admin', 'auditor'].map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </select>
        <label className="field-label" htmlFor={`${id}-div`}>
          {t('grant_division')}
        </label>
        <input
          id={`${id}-div`}
          className="input mono"
          inputMode="numeric"
          maxLength={12}
          placeholder="440604012045"
          value={division}
          onChange={(e) => setDivision(e.target.value.replace(/\D/g, ''))}
        />
        {(grant.isError || revoke.isError) && <ErrorMessage error={grant.error ?? revoke.error} />}
        <button
          type="submit"
          className="button block-button"
          disabled={!phone || division.length !== 12 || grant.isPending}
        >
          {t('grant_submit')}
        </button>
      </form>
    </section>
  );
}
