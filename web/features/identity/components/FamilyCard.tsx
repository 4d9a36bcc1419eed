import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FamilyLink, RELATIONS } from '../../../../common/schemas/family';
import { ErrorMessage } from '../../../components/QueryState';
import { apiFetch } from '../../../lib/api';

const key = ['identity', 'family'] as const;

/** Family links both sides confirm: ask a relative by number, confirm or decline what I am asked. */
export function FamilyCard() {
  const { t } = useTranslation('identity');
  const id = useId();
  const client = useQueryClient();
  const links = useQuery({
    queryKey: key,
    queryFn: () => apiFetch<{ items: FamilyLink[] }>('/api/me/family').then((r) => r.items),
  });
  const refresh = () => void client.invalidateQueries({ queryKey: key });
  const [phone, setPhone] = useState('');
  const [relation, setRelation] = useState<string>('parent');
  const ask = useMutation({
    mutationFn: () => apiFetch<void>('/api/me/family', { method: 'POST', json: { phone, relation } }),
    onSuccess: refresh,
  });
  const confirm = useMutation({
    mutationFn: (linkId: string) => apiFetch<void>(`/api/me/family/${linkId}/confirm`, { method: 'POST' }),
    onSuccess: refresh,
  });
  const guardian = useMutation({
    mutationFn: (input: { linkId: string; give: boolean }) =>
      apiFetch<void>(`/api/me/family/${input.linkId}/guardian-consent`, {
        method: input.give ? 'POST' : 'DELETE',
      }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (linkId: string) => apiFetch<void>(`/api/me/family/${linkId}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('family_title')}</h2>
      <p className="small muted">{t('family_intro')}</p>
      {links.data && links.data.length > 0 && (
        <ul className="list" aria-label={t('family_title')}>
          {links.data.map((l) => (
            <li key={l.id} className="row">
              <span className="row-main">
                <span className="row-title">
                  {l.otherNickname} · {t(`relations.${l.relation}`)}
                </span>
                <span className="row-sub">
                  {t(`family_status.${l.status === 'pending' ? l.direction : 'confirmed'}`)}
                  {l.guardianConsent &&
                    ` · ${t(l.guardian === 'me' ? 'guardian_given' : 'guardian_given_them')}`}
                </span>
              </span>
              {l.guardian === 'me' && (
                <button
                  type="button"
                  className="button secondary small-button"
                  onClick={() => guardian.mutate({ linkId: l.id, give: !l.guardianConsent })}
                >
                  {l.guardianConsent ? t('guardian_withdraw') : t('guardian_consent')}
                </button>
              )}
              {l.status === 'pending' && l.direction === 'incoming' && (
                <button type="button" className="button small-button" onClick={() => confirm.mutate(l.id)}>
                  {t('confirm')}
                </button>
              )}
              <button
                type="button"
                className="button secondary small-button"
                onClick={() => remove.mutate(l.id)}
              >
                {l.status === 'pending' && l.direction === 'incoming' ? t('decline') : t('remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <label className="field-label" htmlFor={`${id}-p`}>
        {t('family_phone')}
      </label>
      <input
        id={`${id}-p`}
        className="input"
        type="tel"
        value={phone}
        onChange={(e) => setPhone(e.target.value)}
      />
      <label className="field-label" htmlFor={`${id}-r`}>
        {t('family_relation')}
      </label>
      <select id={`${id}-r`} className="input" value={relation} onChange={(e) => setRelation(e.target.value)}>
        {RELATIONS.map((r) => (
          <option key={r} value={r}>
            {t(`relations.${r}`)}
          </option>
        ))}
      </select>
      {(ask.isError || confirm.isError || remove.isError || guardian.isError) && (
        <ErrorMessage error={ask.error ?? confirm.error ?? remove.error ?? guardian.error} />
      )}
      {ask.isSuccess && <p className="notice ok">{t('family_asked')}</p>}
      <button
        type="button"
        className="button secondary block-button"
        disabled={!phone || ask.isPending}
        onClick={() => ask.mutate()}
      >
        {t('family_ask')}
      </button>
    </section>
  );
}
