import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExchangeDetail } from '../../../../common/schemas/exchanges';
import { ErrorMessage } from '../../../components/QueryState';
import { useSendMessage } from '../api/actions';
import { formatWhen } from '../lib/china-time';

/** The two neighbours' messages (text only), and a box to send one. */
export function MessageThread({ exchange }: { exchange: ExchangeDetail }) {
  const { t, i18n } = useTranslation('exchanges');
  const id = useId();
  const send = useSendMessage(exchange.id);
  const [text, setText] = useState('');
  const other = exchange.role === 'provider' ? exchange.recipient.nickname : exchange.provider.nickname;
  const body = text.trim();
  return (
    <section className="card ex-card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('messages_title')}</h2>
      {exchange.messages.length === 0 ? (
        <p className="muted">{t('messages_empty')}</p>
      ) : (
        <ol className="ex-messages" aria-label={t('messages_title')}>
          {exchange.messages.map((m) => (
            <li key={m.id} className={`ex-message ${m.mine ? 'mine' : 'theirs'}`}>
              <span className="ex-message-who">
                {m.mine ? t('actor_me') : exchange.role === 'staff' ? t('someone') : other} ·{' '}
                {formatWhen(m.createdAt, i18n.language)}
              </span>
              <span className="ex-message-body">{m.body}</span>
            </li>
          ))}
        </ol>
      )}
      {exchange.abilities.message && (
        <form
          className="ex-send"
          onSubmit={(e) => {
            e.preventDefault();
            if (!body || body.length > 1000) return;
            send.mutate(body, { onSuccess: () => setText('') });
          }}
        >
          <label className="field-label" htmlFor={`${id}-m`}>
            {t('message_label')}
          </label>
          <textarea
            id={`${id}-m`}
            className="input ex-textarea"
            rows={2}
            maxLength={1000}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          {send.isError && <ErrorMessage error={send.error} />}
          <button type="submit" className="button block-button" disabled={!body || send.isPending}>
            {t('message_send')}
          </button>
        </form>
      )}
    </section>
  );
}
