import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExchangeDetail } from '../../../../common/schemas/exchanges';
import { ErrorMessage } from '../../../components/QueryState';
import { useExchangeAction } from '../api/actions';
import { epochFromLocal, localFromEpoch } from '../lib/china-time';
import { type ActionName, allowedActions } from '../lib/steps';

const digits = (text: string) =>
  text.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
const whole = (text: string, max: number): number | null => {
  const v = digits(text).trim();
  if (!/^\d{1,5}$/.test(v)) return null;
  const n = Number(v);
  return n >= 1 && n <= max ? n : null;
};

/** The steps my abilities allow now; steps that need details open a short form first. */
export function ActionsPanel({ exchange }: { exchange: ExchangeDetail }) {
  const { t } = useTranslation('exchanges');
  const actions = allowedActions(exchange.abilities);
  const run = useExchangeAction(exchange.id);
  const [open, setOpen] = useState<ActionName | null>(null);
  if (actions.length === 0) return null;
  const main = actions.filter((a) => !a.danger);
  const other = actions.filter((a) => a.danger);
  const start = (name: ActionName, needs: string) => {
    run.reset();
    if (needs === 'none') run.mutate({ action: name as 'accept' | 'done' });
    else setOpen(name);
  };
  const close = () => {
    setOpen(null);
    run.reset();
  };
  return (
    <section className="card ex-card ex-actions" aria-labelledby="ex-actions-h">
      <h2 id="ex-actions-h">{t('actions_title')}</h2>
      {open === null && (
        <>
          <div className="ex-action-main">
            {main.map((a) => (
              <button
                key={a.name}
                type="button"
                className="button block-button"
                disabled={run.isPending}
                onClick={() => start(a.name, a.needs)}
              >
                {t(`action.${a.name}`)}
              </button>
            ))}
          </div>
          {other.length > 0 && (
            <div className="button-row">
              {other.map((a) => (
                <button
                  key={a.name}
                  type="button"
                  className="button secondary danger"
                  disabled={run.isPending}
                  onClick={() => start(a.name, a.needs)}
                >
                  {t(`action.${a.name}`)}
                </button>
              ))}
            </div>
          )}
        </>
      )}
      {open === 'schedule' && (
        <ScheduleForm
          exchange={exchange}
          busy={run.isPending}
          onCancel={close}
          onSubmit={(body) => run.mutate({ action: 'schedule', body }, { onSuccess: close })}
        />
      )}
      {open === 'confirm' && (
        <ConfirmForm
          exchange={exchange}
          busy={run.isPending}
          onCancel={close}
          onSubmit={(body) => run.mutate({ action: 'confirm', body }, { onSuccess: close })}
        />
      )}
      {(open === 'decline' || open === 'cancel' || open === 'no-show' || open === 'dispute') && (
        <ReasonForm
          action={open}
          busy={run.isPending}
          onCancel={close}
          onSubmit={(reason) => run.mutate({ action: open, body: { reason } }, { onSuccess: close })}
        />
      )}
      {run.isError && <ErrorMessage error={run.error} />}
      {run.isSuccess && open === null && (
        <p className="notice ok" role="status">
          {t('action_done')}
        </p>
      )}
    </section>
  );
}

function ScheduleForm({
  exchange,
  busy,
  onSubmit,
  onCancel,
}: {
  exchange: ExchangeDetail;
  busy: boolean;
  onSubmit: (body: { scheduledAt: number; place: string; plannedMinutes: number }) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('exchanges');
  const id = useId();
  const [when, setWhen] = useState(exchange.scheduledAt ? localFromEpoch(exchange.scheduledAt) : '');
  const [place, setPlace] = useState(exchange.place ?? '');
  const [minutes, setMinutes] = useState(String(exchange.plannedMinutes ?? 60));
  const [tried, setTried] = useState(false);
  const at = epochFromLocal(when);
  const mins = whole(minutes, 1440);
  const placeOk = place.trim().length >= 1 && place.trim().length <= 100;
  const whenError = at === null ? 'invalid.when' : at < Date.now() - 3_600_000 ? 'invalid.when_past' : null;
  return (
    <form
      className="ex-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (whenError || mins === null || !placeOk || at === null) return;
        onSubmit({ scheduledAt: at, place: place.trim(), plannedMinutes: mins });
      }}
    >
      <h3>{t('schedule_title')}</h3>
      <label className="field-label" htmlFor={`${id}-w`}>
        {t('schedule_when')}
      </label>
      <input
        id={`${id}-w`}
        className="input"
        type="datetime-local"
        value={when}
        aria-invalid={tried && whenError ? true : undefined}
        onChange={(e) => setWhen(e.target.value)}
      />
      {tried && whenError && (
        <p className="ex-error" role="alert">
          {t(whenError)}
        </p>
      )}
      <label className="field-label ex-gap" htmlFor={`${id}-p`}>
        {t('schedule_place')}
      </label>
      <input
        id={`${id}-p`}
        className="input"
        value={place}
        maxLength={100}
        placeholder={t('schedule_place_placeholder')}
        aria-invalid={tried && !placeOk ? true : undefined}
        onChange={(e) => setPlace(e.target.value)}
      />
      {tried && !placeOk && (
        <p className="ex-error" role="alert">
          {t('invalid.place')}
        </p>
      )}
      <label className="field-label ex-gap" htmlFor={`${id}-m`}>
        {t('schedule_minutes')}
      </label>
      <input
        id={`${id}-m`}
        className="input"
        inputMode="numeric"
        value={minutes}
        aria-invalid={tried && mins === null ? true : undefined}
        onChange={(e) => setMinutes(digits(e.target.value))}
      />
      {tried && mins === null && (
        <p className="ex-error" role="alert">
          {t('invalid.minutes')}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="button" disabled={busy}>
          {t('schedule_submit')}
        </button>
        <button type="button" className="button secondary" onClick={onCancel}>
          {t('back')}
        </button>
      </div>
    </form>
  );
}

function ConfirmForm({
  exchange,
  busy,
  onSubmit,
  onCancel,
}: {
  exchange: ExchangeDetail;
  busy: boolean;
  onSubmit: (body: { actualMinutes: number }) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('exchanges');
  const id = useId();
  const [minutes, setMinutes] = useState(String(exchange.plannedMinutes ?? ''));
  const [tried, setTried] = useState(false);
  const mins = whole(minutes, 1440);
  return (
    <form
      className="ex-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (mins !== null) onSubmit({ actualMinutes: mins });
      }}
    >
      <h3>{t('confirm_title')}</h3>
      <p>{t('confirm_intro', { name: exchange.provider.nickname })}</p>
      <label className="field-label" htmlFor={`${id}-m`}>
        {t('confirm_minutes')}
      </label>
      <input
        id={`${id}-m`}
        className="input"
        inputMode="numeric"
        value={minutes}
        aria-invalid={tried && mins === null ? true : undefined}
        aria-describedby={`${id}-h`}
        onChange={(e) => setMinutes(digits(e.target.value))}
      />
      <p id={`${id}-h`} className="small muted">
        {t('confirm_hint')}
      </p>
      {tried && mins === null && (
        <p className="ex-error" role="alert">
          {t('invalid.minutes')}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="button" disabled={busy}>
          {t('confirm_submit')}
        </button>
        <button type="button" className="button secondary" onClick={onCancel}>
          {t('back')}
        </button>
      </div>
    </form>
  );
}

function ReasonForm({
  action,
  busy,
  onSubmit,
  onCancel,
}: {
  action: 'decline' | 'cancel' | 'no-show' | 'dispute';
  busy: boolean;
  onSubmit: (reason: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('exchanges');
  const id = useId();
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const ok = reason.trim().length >= 1 && reason.trim().length <= 500;
  return (
    <form
      className="ex-form ex-form-danger"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (ok) onSubmit(reason.trim());
      }}
    >
      <h3>{t(`action.${action}`)}</h3>
      <p>{t(`reason_intro.${action}`)}</p>
      <label className="field-label" htmlFor={`${id}-r`}>
        {t('reason_label')}
      </label>
      <textarea
        id={`${id}-r`}
        className="input ex-textarea"
        rows={3}
        maxLength={500}
        value={reason}
        aria-invalid={tried && !ok ? true : undefined}
        onChange={(e) => setReason(e.target.value)}
      />
      {tried && !ok && (
        <p className="ex-error" role="alert">
          {t('invalid.reason')}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="button danger-solid" disabled={busy}>
          {t(`reason_submit.${action}`)}
        </button>
        <button type="button" className="button secondary" onClick={onCancel}>
          {t('back')}
        </button>
      </div>
    </form>
  );
}
