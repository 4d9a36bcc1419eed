import { useTranslation } from 'react-i18next';
import type { Me } from '../../../../common/schemas/identity';
import { useSignOut } from '../api/session';

/** My account: the number shown masked, verification level, roles, and signing out. */
export function AccountCard({ me }: { me: Me }) {
  const { t } = useTranslation('identity');
  const signOut = useSignOut();
  const signOutEverywhere = useSignOut(true);
  return (
    <section className="card" aria-labelledby="account-h">
      <h2 id="account-h">{me.nickname}</h2>
      <dl className="facts plain">
        <div>
          <dt>{t('phone')}</dt>
          <dd className="mono">{me.phoneMasked}</dd>
        </div>
        <div>
          <dt>{t('verification')}</dt>
          <dd>{t(`verification_level.${me.verification}`)}</dd>
        </div>
        {me.roles.map((r) => (
          <div key={`${r.role}-${r.divisionCode}`}>
            <dt>{t('role')}</dt>
            <dd>
              {t(`roles.${r.role}`)} · <span className="mono">{r.divisionCode}</span>
            </dd>
          </div>
        ))}
      </dl>
      <div className="button-row">
        <button type="button" className="button secondary" onClick={() => signOut.mutate()}>
          {t('sign_out')}
        </button>
        <button type="button" className="button secondary" onClick={() => signOutEverywhere.mutate()}>
          {t('sign_out_everywhere')}
        </button>
      </div>
    </section>
  );
}
