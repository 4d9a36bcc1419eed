import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { RulesVersion } from '../../../../common/schemas/points';
import { formatPoints } from '../lib/format';

/** The district's rules in plain words, shown before anything else about earning. */
export function RulesCard({ rules: current, open }: { rules: RulesVersion; open: boolean }) {
  const { t, i18n } = useTranslation('points');
  const id = useId();
  const r = current.rules;
  const n = (v: number) => formatPoints(v, i18n.language);
  const lines = [
    t('rule_per_hour', { points: n(r.pointsPerHour) }),
    t(r.defaultPayer === 'community' ? 'rule_payer_community' : 'rule_payer_recipient'),
    t('rule_event', { points: n(r.eventVolunteerPointsPerHour) }),
    r.storageCap === null
      ? t('rule_no_cap')
      : t(r.aboveCap === 'to_pool' ? 'rule_cap_pool' : 'rule_cap_refuse', { cap: n(r.storageCap) }),
    r.expiryMonths === null ? t('rule_expiry_none') : t('rule_expiry', { months: r.expiryMonths }),
    r.creditLimit > 0 ? t('rule_credit', { limit: n(r.creditLimit) }) : t('rule_credit_zero'),
    t('rule_gift', { cap: n(r.giftMonthlyCap) }),
    t('rule_anywhere'),
    t('rule_pool'),
  ];
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      {/* Open for a newcomer; folded (one tap away) once they have points history. */}
      <details className="points-rules-details" open={open}>
        <summary>
          <h2 id={`${id}-h`}>{t('rules_title')}</h2>
        </summary>
        <ul className="points-rules">
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <p className="small muted">
          {current.version > 0 && current.createdAt !== null
            ? t('rules_version', {
                version: current.version,
                date: new Intl.DateTimeFormat(i18n.language, {
                  timeZone: 'Asia/Shanghai',
                  dateStyle: 'long',
                }).format(current.createdAt),
              })
            : t('rules_default')}
        </p>
      </details>
    </section>
  );
}
