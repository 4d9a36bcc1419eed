import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Balance, PointsRules } from '../../../../common/schemas/points';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { useConfirmedFamily } from '../api/get-family';
import { useSendGift } from '../api/send-gift';
import { formatPoints } from '../lib/format';
import { newIdempotencyKey } from '../lib/idempotency';
import { normaliseDigits, parseWhole } from '../lib/whole-number';

/**
 * Gift to a confirmed family member: choose, amount, then a confirm step. One idempotency key per
 * attempt, made when the confirm step opens and reused if the same attempt is sent again.
 */
export function GiftCard({ balance, rules }: { balance: Balance; rules: PointsRules }) {
  const { t, i18n } = useTranslation('points');
  const id = useId();
  const family = useConfirmedFamily();
  const gift = useSendGift();
  const [linkId, setLinkId] = useState('');
  const [amountText, setAmountText] = useState('');
  const [attemptKey, setAttemptKey] = useState<string | null>(null);
  const [done, setDone] = useState<{ name: string; amount: number; replayed: boolean } | null>(null);
  const n = (v: number) => formatPoints(v, i18n.language);
  const left = Math.max(rules.giftMonthlyCap - balance.giftedThisMonth, 0);
  const amount = parseWhole(amountText);
  const chosen = family.data?.find((l) => l.id === linkId) ?? family.data?.[0];
  const edit = () => {
    setAttemptKey(null);
    gift.reset();
  };
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('gift_title')}</h2>
      <p className="small muted">{t('gift_intro')}</p>
      <p className="notice">
        {t('gift_cap', { gifted: n(balance.giftedThisMonth), left: n(left), cap: n(rules.giftMonthlyCap) })}
      </p>
      {family.isPending && <Loading />}
      {family.isError && <ErrorMessage error={family.error} onRetry={() => void family.refetch()} />}
      {family.data?.length === 0 && <p className="muted">{t('gift_no_family')}</p>}
      {done && (
        <p className="notice ok" role="status">
          {t('gift_done', { name: done.name, amount: n(done.amount) })}
          {done.replayed && ` ${t('gift_replayed')}`}
        </p>
      )}
      {chosen && attemptKey === null && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (amount === null) return;
            setDone(null);
            setAttemptKey(newIdempotencyKey());
          }}
        >
          <label className="field-label" htmlFor={`${id}-to`}>
            {t('gift_to')}
          </label>
          <select
            id={`${id}-to`}
            className="input"
            value={chosen.id}
            onChange={(e) => setLinkId(e.target.value)}
          >
            {family.data?.map((l) => (
              <option key={l.id} value={l.id}>
                {l.otherNickname} · {t(`identity:relations.${l.relation}`, { defaultValue: l.relation })}
              </option>
            ))}
          </select>
          <label className="field-label points-field" htmlFor={`${id}-amount`}>
            {t('gift_amount')}
          </label>
          <input
            id={`${id}-amount`}
            className="input"
            inputMode="numeric"
            autoComplete="off"
            value={amountText}
            aria-describedby={`${id}-hint`}
            onChange={(e) => setAmountText(normaliseDigits(e.target.value))}
          />
          <p id={`${id}-hint`} className={amountText.trim() && amount === null ? 'notice' : 'small muted'}>
            {t('amount_hint')}
          </p>
          <button type="submit" className="button block-button" disabled={amount === null}>
            {t('gift_next')}
          </button>
        </form>
      )}
      {chosen && attemptKey !== null && amount !== null && (
        <fieldset className="points-confirm" aria-labelledby={`${id}-c`}>
          <h3 id={`${id}-c`}>{t('gift_confirm_title')}</h3>
          <p className="points-confirm-text">
            {t('gift_confirm_text', {
              name: chosen.otherNickname,
              amount: n(amount),
              after: n(balance.balance - amount),
            })}
          </p>
          {gift.isError && <ErrorMessage error={gift.error} />}
          <div className="button-row">
            <button
              type="button"
              className="button"
              disabled={gift.isPending}
              onClick={() =>
                gift.mutate(
                  { familyLinkId: chosen.id, amount, idempotencyKey: attemptKey },
                  {
                    onSuccess: (result) => {
                      setDone({ name: chosen.otherNickname, amount, replayed: result.replayed });
                      setAttemptKey(null);
                      setAmountText('');
                      gift.reset();
                    },
                  },
                )
              }
            >
              {t('gift_confirm')}
            </button>
            <button type="button" className="button secondary" disabled={gift.isPending} onClick={edit}>
              {t('gift_back')}
            </button>
          </div>
        </fieldset>
      )}
    </section>
  );
}
