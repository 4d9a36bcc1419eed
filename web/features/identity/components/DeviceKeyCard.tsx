import { useTranslation } from 'react-i18next';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { useDeviceKeys, useRegisterThisDevice, useRevokeDeviceKey } from '../api/device-keys';

/** This browser's co-signing key (相互佐证): register it, see and revoke my keys. */
export function DeviceKeyCard({ accountId }: { accountId: string }) {
  const { t } = useTranslation('identity');
  const keys = useDeviceKeys(accountId);
  const register = useRegisterThisDevice(accountId, t('this_device_label'));
  const revoke = useRevokeDeviceKey();
  return (
    <section className="card" aria-labelledby="device-h">
      <h2 id="device-h">{t('device_title')}</h2>
      <p className="muted">{t('device_intro')}</p>
      {keys.isPending && <Loading />}
      {keys.isError && <ErrorMessage error={keys.error} onRetry={() => void keys.refetch()} />}
      {keys.data && (
        <>
          {keys.data.thisDevice ? (
            <p className="notice ok">{t('device_registered')}</p>
          ) : (
            <button
              type="button"
              className="button block-button"
              disabled={register.isPending}
              onClick={() => register.mutate()}
            >
              {t('register_device')}
            </button>
          )}
          {register.isError && <ErrorMessage error={register.error} />}
          {keys.data.items.length > 0 && (
            <ul className="list" aria-label={t('device_list')}>
              {keys.data.items.map((k) => (
                <li key={k.id} className="row">
                  <span className="row-main">
                    <span className="row-title">
                      {k.label}
                      {k.publicKey === keys.data.thisDevice && ` · ${t('this_device')}`}
                    </span>
                    <span className="row-sub mono break-all">{k.publicKey.slice(0, 16)}…</span>
                  </span>
                  <button
                    type="button"
                    className="button secondary small-button"
                    onClick={() => revoke.mutate(k.id)}
                  >
                    {t('revoke')}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
