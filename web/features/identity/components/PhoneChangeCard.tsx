import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../../components/QueryState';
import { apiFetch } from '../../../lib/api';
import { sessionKey } from '../api/session';

/** Correcting my number: a code goes to the new number; one number holds one account. */
export function PhoneChangeCard() {
  const { t } = useTranslation('identity');
  const id = useId();
  const client = useQueryClient();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [wait, setWait] = useState(0);
  const send = useMutation({
    mutationFn: () =>
      apiFetch<{ resendAfterS: number }>('/api/me/phone/code', { method: 'POST', json: { phone } }),
    onSuccess: (r) => setWait(r.resendAfterS),
  });
  const change = useMutation({
    mutationFn: () =>
      apiFetch<{ phoneMasked: string }>('/api/me/phone', { method: 'PUT', json: { phone, code } }),
    onSuccess: () => {
      setPhone('');
      setCode('');
      setWait(0);
      send.reset();
      void client.invalidateQueries({ queryKey: sessionKey });
    },
  });
  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('phone_change_title')}</h2>
      <p className="small muted">{t('phone_change_intro')}</p>
      <label className="field-label" htmlFor={`${id}-p`}>
        {t('phone_new')}
      </label>
      <div className="inline-form">
        <input
          id={`${id}-p`}
          className="input"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
        />
        <button
          type="button"
          className="button secondary"
          disabled={!phone.trim() || wait > 0 || send.isPending}
          onClick={() => send.mutate()}
        >
          {wait > 0 ? t('resend_in', { seconds: wait }) : t('send_code')}
        </button>
      </div>
      {send.isSuccess && <p className="notice ok">{t('phone_change_code_sent')}</p>}
      {send.isSuccess && (
        <>
          <label className="field-label" htmlFor={`${id}-c`}>
            {t('code')}
          </label>
          <input
            id={`${id}-c`}
            className="input mono"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            value={code}
            onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
          />
          <button
            type="button"
            className="button block-button"
            disabled={code.length !== 6 || change.isPending}
            onClick={() => change.mutate()}
          >
            {t('phone_change_submit')}
          </button>
        </>
      )}
      {(send.isError || change.isError) && <ErrorMessage error={send.error ?? change.error} />}
      {change.isSuccess && (
        <p className="notice ok">{t('phone_changed', { phone: change.data.phoneMasked })}</p>
      )}
    </section>
  );
}
