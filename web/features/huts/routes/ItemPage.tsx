import '../lib/setup';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Item } from '../../../../common/schemas/huts';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { formatWhen, localFromEpoch } from '../../exchanges/lib/china-time';
import { useCancelHold, usePlaceHold, useQueueStep, useRequestLoan } from '../api/actions';
import { useHistory, useItem, useMyHolds, usePolicy, useQueue } from '../api/queries';
import { Availability, ItemFlags, useCategoryName, useSay } from '../components/Bits';
import { NEIGHBOUR_LOAN_MAX_DAYS } from '../lib/limits';
import { chinaToday, itemCounts, pickupWording, returnByFromLocal, unitStatusCounts } from '../lib/wording';

/** An item's page: photos, details, lending terms in plain words, availability, my place in line. */
export function ItemPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('huts');
  const item = useItem(id);
  if (item.isPending) return <Loading />;
  if (item.isError) return <ErrorMessage error={item.error} onRetry={() => void item.refetch()} />;
  return <ItemView item={item.data} key={item.data.id} back={t('back_hut')} />;
}

function ItemView({ item, back }: { item: Item; back: string }) {
  const { t } = useTranslation('huts');
  const category = useCategoryName();
  const counts = itemCounts(item);
  const byStatus = unitStatusCounts(item.units);
  return (
    <>
      <nav className="button-row" aria-label={t('back')}>
        <Link className="button secondary small-button" to={`/huts/${encodeURIComponent(item.hutId)}`}>
          ‹ {back}
        </Link>
        <Link className="button secondary small-button" to="/huts/mine">
          {t('mine_title')}
        </Link>
      </nav>
      <h1 className="hut-item-title">{item.title}</h1>
      {item.photos.length > 0 && (
        <ul className="hut-photos" aria-label={t('photos')}>
          {item.photos.map((p, i) => (
            <li key={p.id}>
              <a href={p.url} target="_blank" rel="noreferrer">
                <img src={p.thumbUrl} alt={t('photo_n', { title: item.title, n: i + 1 })} />
              </a>
            </li>
          ))}
        </ul>
      )}
      <p className="hut-item-avail">
        <Availability
          big
          item={{
            available: counts.available,
            total: counts.total,
            waiting: item.waiting,
            consumable: item.consumable,
          }}
        />
      </p>
      {item.waiting > 0 && counts.available > 0 && (
        <p className="small">{t('queue_length', { count: item.waiting })}</p>
      )}
      <p className="hut-flags">
        <ItemFlags item={item} />
      </p>
      <MyHold item={item} />
      <dl className="facts">
        <div>
          <dt>{t('category_label')}</dt>
          <dd>{category(item.category)}</dd>
        </div>
        <div>
          <dt>{t('condition_label')}</dt>
          <dd>{t(`condition.${item.condition}`)}</dd>
        </div>
        <div>
          <dt>{t('owner_label')}</dt>
          <dd>
            {item.ownerKind === 'resident'
              ? t('owner_resident', { name: item.ownerNickname ?? '' })
              : item.donorNickname
                ? t('owner_donated', { name: item.donorNickname })
                : t('owner_hut')}
          </dd>
        </div>
        {item.accessories.length > 0 && (
          <div>
            <dt>{t('accessories')}</dt>
            <dd>{item.accessories.join(t('list_sep'))}</dd>
          </div>
        )}
        {item.pooled && (
          <div>
            <dt>{t('stock_label')}</dt>
            <dd>{t('stock_line', { n: item.stockAvailable, m: item.stockTotal })}</dd>
          </div>
        )}
      </dl>
      {item.donorNote && <p className="hut-thanks">{t('donor_thanks', { note: item.donorNote })}</p>}
      {item.description && <p className="hut-description">{item.description}</p>}
      {item.ownerKind === 'hut' && <PolicyCard item={item} />}
      {item.abilities.request && <NeighbourRequest item={item} />}
      {item.abilities.keep && <KeeperPanel item={item} byStatus={byStatus} />}
    </>
  );
}

/** The lending policy that applies to me, in sentences. */
function PolicyCard({ item }: { item: Item }) {
  const { t } = useTranslation('huts');
  const policy = usePolicy(item.id);
  if (policy.isPending) return null;
  if (policy.isError) return <ErrorMessage error={policy.error} />;
  const p = policy.data.policy;
  const loanDays = item.loanDays ?? p.loanDays;
  const deposit = item.depositPoints ?? p.depositPoints;
  return (
    <section className="card" aria-labelledby="hut-policy-h">
      <h2 id="hut-policy-h">{t('policy_title')}</h2>
      <ul className="hut-policy">
        {item.consumable ? (
          <li>{t('policy.consumable')}</li>
        ) : (
          <>
            <li>{t('policy.loan_days', { count: loanDays })}</li>
            <li>
              {p.maxRenewals > 0 ? t('policy.renewals', { count: p.maxRenewals }) : t('policy.no_renewals')}
            </li>
            <li>{t('policy.pickup_days', { count: p.pickupDays })}</li>
            <li>{t('policy.limits', { loans: p.maxLoans, holds: p.maxHolds })}</li>
            {deposit > 0 && <li>{t('policy.deposit', { points: deposit })}</li>}
            {p.needsApproval && <li>{t('policy.approval')}</li>}
            {item.sanitiseAfterReturn && <li>{t('policy.sanitise')}</li>}
            {item.safetyCheck && <li>{t('policy.safety')}</li>}
          </>
        )}
      </ul>
    </section>
  );
}

/** My place in the queue (or the copy kept for me), with cancel; or the hold button. */
function MyHold({ item }: { item: Item }) {
  const { t } = useTranslation('huts');
  const holds = useMyHolds();
  const say = useSay();
  const place = usePlaceHold();
  const cancel = useCancelHold();
  const mine = holds.data?.items.find(
    (h) => h.itemId === item.id && (h.status === 'waiting' || h.status === 'ready'),
  );
  if (holds.isPending) return null;
  if (mine) {
    const pickup = mine.pickupBy ? pickupWording(mine.pickupBy, chinaToday()) : null;
    return (
      <section className="hut-myhold" aria-live="polite">
        {mine.status === 'ready' ? (
          <p className="hut-ready">
            {t('hold_ready', { label: mine.unitLabel ?? '' })} {pickup && say(pickup)}
          </p>
        ) : (
          <p className="hut-place">
            {t('hold_place', { place: mine.place })}
            {!mine.approved && ` ${t('hold_unapproved')}`}
          </p>
        )}
        {mine.reorderReason && <p className="small">{t('hold_reordered', { reason: mine.reorderReason })}</p>}
        <button
          type="button"
          className="button secondary block-button"
          disabled={cancel.isPending}
          onClick={() => cancel.mutate(mine.id)}
        >
          {t('hold_cancel')}
        </button>
        {cancel.isError && <ErrorMessage error={cancel.error} />}
      </section>
    );
  }
  if (!item.abilities.hold) return null;
  return (
    <section className="hut-myhold">
      {cancel.isSuccess && (
        <p className="notice" role="status">
          {t('hold_cancelled')}
        </p>
      )}
      <button
        type="button"
        className="button block-button hut-big-button"
        disabled={place.isPending}
        onClick={() => place.mutate(item.id)}
      >
        {itemCounts(item).available > 0 ? t('hold_now') : t('hold_queue')}
      </button>
      <p className="small muted">{t('hold_explain')}</p>
      {place.isError && <ErrorMessage error={place.error} />}
    </section>
  );
}

/** A neighbour's own item: ask to borrow it, with the return time fixed now. */
function NeighbourRequest({ item }: { item: Item }) {
  const { t, i18n } = useTranslation('huts');
  const id = useId();
  const request = useRequestLoan(item.id);
  const [when, setWhen] = useState(() => `${localFromEpoch(Date.now() + 3 * 86_400_000).slice(0, 11)}18:00`);
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);
  const returnBy = returnByFromLocal(when, Date.now(), NEIGHBOUR_LOAN_MAX_DAYS);
  if (request.isSuccess)
    return (
      <section className="card" aria-live="polite">
        <p className="notice ok">
          {t('request_sent', {
            name: item.ownerNickname ?? '',
            when: formatWhen(request.data.returnBy ?? 0, i18n.language),
          })}
        </p>
        <Link className="button secondary block-button" to="/huts/mine">
          {t('mine_title')}
        </Link>
      </section>
    );
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('request_title', { name: item.ownerNickname ?? '' })}</h2>
      <p className="small">{t('request_intro')}</p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setTried(true);
          if (returnBy === null) return;
          request.mutate({ returnBy, ...(note.trim() ? { note: note.trim() } : {}) });
        }}
      >
        <label className="field-label" htmlFor={`${id}-w`}>
          {t('request_return_by')}
        </label>
        <input
          id={`${id}-w`}
          className="input"
          type="datetime-local"
          value={when}
          aria-invalid={tried && returnBy === null ? true : undefined}
          aria-describedby={`${id}-wh`}
          onChange={(e) => setWhen(e.target.value)}
        />
        <p id={`${id}-wh`} className="small muted">
          {t('request_return_hint', { days: NEIGHBOUR_LOAN_MAX_DAYS })}
        </p>
        {tried && returnBy === null && (
          <p className="hut-error" role="alert">
            {t('invalid.return_by', { days: NEIGHBOUR_LOAN_MAX_DAYS })}
          </p>
        )}
        <label className="field-label" htmlFor={`${id}-n`}>
          {t('request_note')}
        </label>
        <textarea
          id={`${id}-n`}
          className="input"
          rows={2}
          maxLength={300}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
        {request.isError && <ErrorMessage error={request.error} />}
        <button type="submit" className="button block-button" disabled={request.isPending}>
          {t('request_submit')}
        </button>
      </form>
    </section>
  );
}

/** For keepers: copies by status, the queue, and the item's history. */
function KeeperPanel({ item, byStatus }: { item: Item; byStatus: ReturnType<typeof unitStatusCounts> }) {
  const { t, i18n } = useTranslation('huts');
  const queue = useQueue(item.id, true);
  const history = useHistory(item.id, true);
  return (
    <section className="card" aria-labelledby="hut-keeper-h">
      <h2 id="hut-keeper-h">{t('keeper_panel')}</h2>
      {!item.pooled && (
        <ul className="hut-units" aria-label={t('copies')}>
          {item.units
            .filter((u) => u.status !== 'retired')
            .map((u) => (
              <li key={u.id}>
                <span className="mono">{u.label}</span> · {t(`unit_status.${u.status}`)} ·{' '}
                {t(`condition.${u.condition}`)}
                {u.note && ` · ${u.note}`}
              </li>
            ))}
        </ul>
      )}
      <p className="small">
        {Object.entries(byStatus)
          .map(([s, n]) => t('status_count', { status: t(`unit_status.${s}`), count: n }))
          .join(t('list_sep'))}
      </p>
      <div className="button-row">
        <Link className="button secondary small-button" to={`/huts/${encodeURIComponent(item.hutId)}/desk`}>
          {t('desk_open')}
        </Link>
        <a
          className="button secondary small-button"
          href={`/api/huts/${encodeURIComponent(item.hutId)}/labels?item=${encodeURIComponent(item.id)}`}
          target="_blank"
          rel="noreferrer"
        >
          {t('labels_item')}
        </a>
      </div>
      <h3>{t('queue_title')}</h3>
      {queue.data?.items.length === 0 && <p className="muted">{t('queue_empty')}</p>}
      {queue.data && queue.data.items.length > 0 && (
        <ol className="hut-queue">
          {queue.data.items.map((q) => (
            <li key={q.holdId}>
              <QueueRow entry={q} />
            </li>
          ))}
        </ol>
      )}
      <h3>{t('history_title')}</h3>
      {history.isError && <ErrorMessage error={history.error} />}
      {history.data?.items.length === 0 && <p className="muted">{t('history_empty')}</p>}
      {history.data && history.data.items.length > 0 && (
        <ul className="hut-history">
          {history.data.items.map((e) => (
            <li key={`${e.createdAt}-${e.kind}-${e.unitLabel ?? ''}-${e.logIndex ?? ''}`}>
              <span className="small muted">{formatWhen(e.createdAt, i18n.language)}</span>{' '}
              {t(`event.${e.kind}`, { defaultValue: e.kind })}
              {e.unitLabel && <span className="mono"> {e.unitLabel}</span>}
              {e.logIndex !== null && (
                <span className="small muted"> {t('in_trust_log', { index: e.logIndex })}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

type QueueEntry = NonNullable<ReturnType<typeof useQueue>['data']>['items'][number];

/** One member in line: approve (when the policy asks for it) or move to another place, with a reason. */
function QueueRow({ entry }: { entry: QueueEntry }) {
  const { t } = useTranslation('huts');
  const id = useId();
  const step = useQueueStep();
  const [open, setOpen] = useState(false);
  const [place, setPlace] = useState(String(entry.place || 1));
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const placeOk = /^\d{1,4}$/.test(place.trim()) && Number(place) >= 1;
  const reasonOk = reason.trim().length >= 1 && reason.trim().length <= 200;
  return (
    <>
      {entry.memberNickname} · {t(`hold_status.${entry.status}`)}
      {!entry.approved && ` · ${t('hold_unapproved')}`}
      {entry.reorderReason && ` · ${entry.reorderReason}`}
      {entry.status === 'waiting' && (
        <span className="button-row">
          {!entry.approved && (
            <button
              type="button"
              className="button small-button"
              disabled={step.isPending}
              onClick={() => step.mutate({ holdId: entry.holdId })}
            >
              {t('approve')}
            </button>
          )}
          {!open && (
            <button type="button" className="button secondary small-button" onClick={() => setOpen(true)}>
              {t('reorder')}
            </button>
          )}
        </span>
      )}
      {open && (
        <form
          className="hut-reason"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            setTried(true);
            if (!placeOk || !reasonOk) return;
            step.mutate(
              { holdId: entry.holdId, place: Number(place), reason: reason.trim() },
              { onSuccess: () => setOpen(false) },
            );
          }}
        >
          <label className="field-label" htmlFor={`${id}-p`}>
            {t('reorder_place')}
          </label>
          <input
            id={`${id}-p`}
            className="input"
            inputMode="numeric"
            value={place}
            aria-invalid={tried && !placeOk ? true : undefined}
            onChange={(e) => setPlace(e.target.value)}
          />
          <label className="field-label" htmlFor={`${id}-r`}>
            {t('reorder_reason')}
          </label>
          <input
            id={`${id}-r`}
            className="input"
            maxLength={200}
            value={reason}
            aria-invalid={tried && !reasonOk ? true : undefined}
            onChange={(e) => setReason(e.target.value)}
          />
          {tried && (!placeOk || !reasonOk) && (
            <p className="hut-error" role="alert">
              {!placeOk ? t('invalid.int', { min: 1, max: 9999 }) : t('invalid.reason')}
            </p>
          )}
          <div className="button-row">
            <button type="submit" className="button" disabled={step.isPending}>
              {t('reorder')}
            </button>
            <button type="button" className="button secondary" onClick={() => setOpen(false)}>
              {t('back')}
            </button>
          </div>
        </form>
      )}
      {step.isError && <ErrorMessage error={step.error} />}
    </>
  );
}
