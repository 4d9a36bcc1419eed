import { useTranslation } from 'react-i18next';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { useMemberCode } from '../api/queries';

/** My member QR code, big, for the hut desk to scan (never my phone number). */
export function MemberCodeCard() {
  const { t } = useTranslation('huts');
  const code = useMemberCode();
  return (
    <section className="card hut-member" aria-labelledby="hut-member-h">
      <h2 id="hut-member-h">{t('member_code_title')}</h2>
      {code.isPending && <Loading />}
      {code.isError && <ErrorMessage error={code.error} onRetry={() => void code.refetch()} />}
      {code.data && (
        <>
          <img
            className="hut-member-qr"
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(code.data.svg)}`}
            alt={t('member_code_alt', { code: code.data.code })}
          />
          <p className="hut-member-code mono">
            <span className="sr-only">{t('member_code_text')}：</span>
            {code.data.code}
          </p>
          <p className="small">{t('member_code_hint')}</p>
        </>
      )}
    </section>
  );
}
