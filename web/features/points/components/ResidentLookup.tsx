import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../../components/QueryState';
import { type ResidentView, useLookup } from '../api/lookup';
import { formatPoints } from '../lib/format';

/** Finds a resident by phone number and shows who was found. */
export function ResidentLookup({ onFound }: { onFound: (resident: ResidentView | null) => void }) {
  const { t, i18n } = useTranslation('points');
  const id = useId();
  const lookup = useLookup();
  const [phone, setPhone] = useState('');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onFound(null);
        lookup.mutate(phone, { onSuccess: onFound });
      }}
    >
      <label className="field-label" htmlFor={`${id}-phone`}>
        {t('console.phone')}
      </label>
      <div className="inline-form">
        <input
          id={`${id}-phone`}
          className="input"
          type="tel"
          autoComplete="off"
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
        />
        <button type="submit" className="button" disabled={phone.trim().length < 5 || lookup.isPending}>
          {t('console.find')}
        </button>
      </div>
      {lookup.isError && <ErrorMessage error={lookup.error} />}
      {lookup.data && (
        <p className="notice" role="status">
          {t('console.resident', {
            name: lookup.data.nickname,
            balance: formatPoints(lookup.data.balance, i18n.language),
          })}
          {lookup.data.priority && ` · ${t(`console.priorities.${lookup.data.priority}`)}`}
        </p>
      )}
    </form>
  );
}
