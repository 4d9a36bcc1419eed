import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../../components/QueryState';
import { useDonate } from '../api/donate';
import { formatPoints } from '../lib/format';
import { newIdempotencyKey } from '../lib/idempotency';
import { normaliseDigits, parseWhole } from '../lib/whole-number';

/** Donate to my community's pool, with a confirm step; one key per attempt. */
export function DonateCard({ available }: { available: number }) {
  const { t, i18n } = useTranslation('points');
  const id = useId();
  const donate = useDonate();
  const [amountText, setAmountText] = useState('');
  const [attemptKey, setAttemptKey] = useState<string | null>(null);
  const [done, setDone] = useState<number | null>(null);
  const amount = parseWhole(amountText);
  const tooMuch = amount !== null && amount > available;
  const n = (v: number) => formatPoints(v, i18n.language);
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('donate_title')}</h2>
      <p className="small muted">{t('donate_intro')}</p>
      {done !== null && (
        <p className="notice ok" role="status">
          {t('donate_done', { amount: n(done) })}
        </p>
      )}
      {attemptKey === null ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (amount === null) return;
            setDone(null);
            setAttemptKey(newIdempotencyKey());
          }}
        >
          <label className="field-label" htmlFor={`${id}-amount`}>
            {t('donate_amount')}
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
          {tooMuch && <p className="notice">{t('more_than_available', { available: n(available) })}</p>}
          <button
            type="submit"
            className="button secondary block-button"
            disabled={amount === null || tooMuch}
          >
            {t('donate_submit')}
          </button>
        </form>
      ) : (
        amount !== null && (
          <div className="points-confirm">
            {donate.isError && <ErrorMessage error={donate.error} />}
            <div className="button-row">
              <button
                type="button"
                className="button"
                disabled={donate.isPending}
                onClick={() =>
                  donate.mutate(
                    { amount, idempotencyKey: attemptKey },
                    {
                      onSuccess: () => {
                        setDone(amount);
                        setAttemptKey(null);
                        setAmountText('');
                        donate.reset();
                      },
                    },
                  )
                }
              >
                {t('donate_confirm', { amount: n(amount) })}
              </button>
              <button
                type="button"
                className="button secondary"
                disabled={donate.isPending}
                onClick={() => {
                  setAttemptKey(null);
                  donate.reset();
                }}
              >
                {t('gift_back')}
              </button>
            </div>
          </div>
        )
      )}
    </section>
  );
}
