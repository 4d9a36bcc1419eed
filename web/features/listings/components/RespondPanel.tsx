import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ErrorMessage } from '../../../components/QueryState';
import { ApiError } from '../../../lib/api';
import { useRespond } from '../api/respond';

/**
 * Ask for an offer's help / offer help with a need: one tap opens a short note and a send button,
 * so nobody starts an exchange by accident. On success, the exchange page opens.
 */
export function RespondPanel({
  listingId,
  direction,
  counterListingId,
  compact = false,
  name,
}: {
  listingId: string;
  direction: 'offer' | 'need';
  counterListingId?: string;
  compact?: boolean;
  /** The other person, for the button's accessible name in a list of matches. */
  name?: string;
}) {
  const { t } = useTranslation('listings');
  const id = useId();
  const navigate = useNavigate();
  const respond = useRespond();
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState('');
  const action = direction === 'offer' ? 'respond_offer' : 'respond_need';
  if (!open)
    return (
      <button
        type="button"
        className={`button ${compact ? 'small-button' : 'block-button lx-respond'}`}
        aria-label={name ? t(`${action}_named`, { name }) : undefined}
        onClick={() => setOpen(true)}
      >
        {t(action)}
      </button>
    );
  return (
    <form
      className="lx-respond-panel"
      onSubmit={(e) => {
        e.preventDefault();
        respond.mutate(
          {
            listingId,
            ...(counterListingId ? { counterListingId } : {}),
            ...(message.trim() ? { message: message.trim() } : {}),
          },
          { onSuccess: (exchange) => navigate(`/exchanges/${encodeURIComponent(exchange.id)}`) },
        );
      }}
    >
      <label className="field-label" htmlFor={`${id}-m`}>
        {t('respond_message')}
      </label>
      <textarea
        id={`${id}-m`}
        className="input lx-textarea"
        rows={3}
        maxLength={500}
        value={message}
        placeholder={t(`${action}_placeholder`)}
        onChange={(e) => setMessage(e.target.value)}
      />
      <p className="small muted">{t('respond_privacy')}</p>
      {respond.isError && <ErrorMessage error={respond.error} />}
      {respond.error instanceof ApiError && respond.error.code === 'exchange_already_requested' && (
        <Link className="button secondary block-button" to="/exchanges">
          {t('go_exchanges')}
        </Link>
      )}
      <div className="button-row">
        <button type="submit" className="button" disabled={respond.isPending}>
          {t('respond_send')}
        </button>
        <button
          type="button"
          className="button secondary"
          disabled={respond.isPending}
          onClick={() => setOpen(false)}
        >
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
