import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { normalizePhone } from '../../../../common/identity/phone';
import { ErrorMessage } from '../../../components/QueryState';
import { useRequestCode, useSignIn } from '../api/session';

/** 登录 / 注册: a phone number and the 6-digit code from the SMS. */
export function SignInPage() {
  const { t } = useTranslation('identity');
  const navigate = useNavigate();
  const phoneId = useId();
  const codeId = useId();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [wait, setWait] = useState(0);
  const requestCode = useRequestCode();
  const signIn = useSignIn();
  const phoneValid = normalizePhone(phone) !== null;

  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait(wait - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  return (
    <>
      <h1>{t('sign_in_title')}</h1>
      <p className="lead">{t('sign_in_intro')}</p>
      <form
        className="card form"
        onSubmit={(e) => {
          e.preventDefault();
          signIn.mutate({ phone, code }, { onSuccess: () => navigate('/me') });
        }}
      >
        <label className="field-label" htmlFor={phoneId}>
          {t('phone')}
        </label>
        <input
          id={phoneId}
          className="input"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          placeholder="139 1234 5678"
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
        />
        <button
          type="button"
          className="button secondary block-button"
          disabled={!phoneValid || wait > 0 || requestCode.isPending}
          onClick={() => requestCode.mutate(phone, { onSuccess: (r) => setWait(r.resendAfterS) })}
        >
          {wait > 0 ? t('resend_in', { seconds: wait }) : t('send_code')}
        </button>
        {requestCode.isSuccess && <p className="notice ok">{t('code_sent')}</p>}
        {requestCode.isError && <ErrorMessage error={requestCode.error} />}
        <label className="field-label" htmlFor={codeId}>
          {t('code')}
        </label>
        <input
          id={codeId}
          className="input code-input"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          pattern="[0-9]{6}"
          value={code}
          onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
        />
        {signIn.isError && <ErrorMessage error={signIn.error} />}
        <button
          type="submit"
          className="button block-button"
          disabled={!phoneValid || code.length !== 6 || signIn.isPending}
        >
          {t('sign_in')}
        </button>
        <p className="muted small">{t('privacy_note')}</p>
      </form>
    </>
  );
}
