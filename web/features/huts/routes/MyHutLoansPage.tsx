import '../lib/setup';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Hold, Loan } from '../../../../common/schemas/huts';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { formatWhen } from '../../exchanges/lib/china-time';
import { useSession } from '../../identity/api/session';
import { useCancelHold, useLoanStep, useRenew } from '../api/actions';
import { useMyHolds, useMyLoans } from '../api/queries';
import { useDay, useSay } from '../components/Bits';
import { ConditionForm } from '../components/ConditionForm';
import { MemberCodeCard } from '../components/MemberCodeCard';
import { chinaToday, dueWording, loanRole, pickupWording } from '../lib/wording';

/** 我的借用: what I borrow (due dates, renew), my holds, my member code, and what I lend. */
export function MyHutLoansPage() {
  const { t } = useTranslation('huts');
  const session = useSession();
  const me = session.data?.signedIn ? session.data.account.nickname : '';
  const loans = useMyLoans();
  const holds = useMyHolds();
  const borrowing = (loans.data?.items ?? []).filter((l) => loanRole(l, me) === 'borrower');
  const lending = (loans.data?.items ?? []).filter((l) => loanRole(l, me) === 'lender');
  const liveHolds = (holds.data?.items ?? []).filter((h) => h.status === 'waiting' || h.status === 'ready');
  return (
    <>
      <nav className="button-row" aria-label={t('back')}>
        <Link className="button secondary small-button" to="/huts">
          ‹ {t('back_huts')}
        </Link>
      </nav>
      <h1>{t('mine_title')}</h1>
      <section aria-labelledby="hut-borrow-h">
        <h2 id="hut-borrow-h">{t('my_loans')}</h2>
        {loans.isPending && <Loading />}
        {loans.isError && <ErrorMessage error={loans.error} onRetry={() => void loans.refetch()} />}
        {loans.data && borrowing.length === 0 && <p className="muted">{t('my_loans_empty')}</p>}
        {borrowing.length > 0 && (
          <ul className="hut-loans" aria-label={t('my_loans')}>
            {borrowing.map((l) => (
              <li key={l.id} className="card hut-loan">
                <BorrowedLoan loan={l} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="hut-holds-h">
        <h2 id="hut-holds-h">{t('my_holds')}</h2>
        {holds.isPending && <Loading />}
        {holds.isError && <ErrorMessage error={holds.error} onRetry={() => void holds.refetch()} />}
        {holds.data && liveHolds.length === 0 && <p className="muted">{t('my_holds_empty')}</p>}
        {liveHolds.length > 0 && (
          <ul className="hut-loans" aria-label={t('my_holds')}>
            {liveHolds.map((h) => (
              <li key={h.id} className="card hut-loan">
                <MyHoldRow hold={h} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <MemberCodeCard />
      <section aria-labelledby="hut-lend-h">
        <h2 id="hut-lend-h">{t('my_lending')}</h2>
        {loans.data && lending.length === 0 && <p className="muted">{t('my_lending_empty')}</p>}
        {lending.length > 0 && (
          <ul className="hut-loans" aria-label={t('my_lending')}>
            {lending.map((l) => (
              <li key={l.id} className="card hut-loan">
                <LentLoan loan={l} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function ItemLink({ loan }: { loan: Pick<Loan, 'itemId' | 'itemTitle' | 'unitLabel'> }) {
  return (
    <h3 className="hut-loan-title">
      <Link to={`/huts/items/${encodeURIComponent(loan.itemId)}`}>{loan.itemTitle}</Link>
      {loan.unitLabel && <span className="mono small"> {loan.unitLabel}</span>}
    </h3>
  );
}

function DueLine({ loan }: { loan: Loan }) {
  const { t, i18n } = useTranslation('huts');
  const say = useSay();
  // A neighbour loan's return time was agreed to the minute; a desk loan is due on a hut day.
  if (loan.dueDate && !(loan.kind === 'neighbour' && loan.returnBy !== null)) {
    const w = dueWording(loan.dueDate, chinaToday());
    return (
      <p className={`hut-due${loan.overdue || w.key === 'due.overdue' ? ' hut-due-late' : ''}`}>{say(w)}</p>
    );
  }
  if (loan.returnBy !== null)
    return (
      <p className={`hut-due${loan.overdue ? ' hut-due-late' : ''}`}>
        {t('return_by', { when: formatWhen(loan.returnBy, i18n.language) })}
      </p>
    );
  return null;
}

function Photos({ loan }: { loan: Loan }) {
  const { t } = useTranslation('huts');
  if (loan.photos.length === 0) return null;
  return (
    <ul className="hut-photos hut-photos-small" aria-label={t('condition_photos')}>
      {loan.photos.map((p) => (
        <li key={p.id}>
          <img src={p.thumbUrl} alt={t(`photo_stage.${p.stage}`, { title: loan.itemTitle })} />
        </li>
      ))}
    </ul>
  );
}

/** A loan I borrow: due date and renew (desk), or the neighbour steps. */
function BorrowedLoan({ loan }: { loan: Loan }) {
  const { t } = useTranslation('huts');
  const renew = useRenew();
  const day = useDay();
  const step = useLoanStep();
  const c = loan.confirmations;
  return (
    <>
      <ItemLink loan={loan} />
      {loan.kind === 'neighbour' && (
        <p className="small">{t('lent_by', { name: loan.lenderNickname ?? '' })}</p>
      )}
      <p className="hut-loan-status">{t(`loan_status.${loan.status}`)}</p>
      {loan.status === 'active' && <DueLine loan={loan} />}
      {loan.depositStatus === 'held' && (
        <p className="small">{t('deposit_held', { points: loan.depositPoints })}</p>
      )}
      <Photos loan={loan} />
      {loan.kind === 'desk' && loan.status === 'active' && (
        <>
          {loan.renewals > 0 && <p className="small">{t('renewed_times', { count: loan.renewals })}</p>}
          <button
            type="button"
            className="button secondary block-button"
            disabled={renew.isPending}
            onClick={() => renew.mutate(loan.id)}
          >
            {t('renew')}
          </button>
          {renew.isSuccess && (
            <p className="notice ok" role="status">
              {t('renewed', { date: renew.data.dueDate ? day(renew.data.dueDate) : '' })}
            </p>
          )}
          {renew.isError && <ErrorMessage error={renew.error} />}
          <p className="small muted">{t('return_at_desk')}</p>
        </>
      )}
      {loan.kind === 'neighbour' && loan.status === 'requested' && (
        <>
          <p className="small">{t('request_waiting')}</p>
          <ReasonButton
            label={t('request_cancel')}
            pending={step.isPending}
            onReason={(reason) => step.mutate({ loanId: loan.id, input: { step: 'cancel', reason } })}
          />
        </>
      )}
      {loan.kind === 'neighbour' &&
        ((loan.status === 'accepted' && c.lenderOut && !c.borrowerOut) ||
          (loan.status === 'active' && c.lenderBack && !c.borrowerBack)) && (
          <p className="notice">{t('other_confirmed', { name: loan.lenderNickname ?? '' })}</p>
        )}
      {loan.kind === 'neighbour' && loan.status === 'accepted' && !c.borrowerOut && (
        <ConditionForm
          title={t('confirm_out_title')}
          submit={t('confirm_out')}
          pending={step.isPending}
          onSubmit={(v) => step.mutate({ loanId: loan.id, input: { step: 'handover', ...v } })}
        />
      )}
      {loan.kind === 'neighbour' && loan.status === 'active' && !c.borrowerBack && (
        <ConditionForm
          title={t('confirm_back_title')}
          submit={t('confirm_back')}
          pending={step.isPending}
          onSubmit={(v) => step.mutate({ loanId: loan.id, input: { step: 'return-confirm', ...v } })}
        />
      )}
      {((loan.status === 'accepted' && c.borrowerOut) || (loan.status === 'active' && c.borrowerBack)) && (
        <p className="notice">{t('waiting_other', { name: loan.lenderNickname ?? '' })}</p>
      )}
      {step.isError && <ErrorMessage error={step.error} />}
    </>
  );
}

/** A loan of my own item: accept or decline the request, confirm the handover and the return. */
function LentLoan({ loan }: { loan: Loan }) {
  const { t } = useTranslation('huts');
  const step = useLoanStep();
  const c = loan.confirmations;
  return (
    <>
      <ItemLink loan={loan} />
      <p className="small">{t('borrowed_by', { name: loan.borrowerNickname })}</p>
      <p className="hut-loan-status">{t(`loan_status.${loan.status}`)}</p>
      <DueLine loan={loan} />
      <Photos loan={loan} />
      {loan.status === 'requested' && (
        <div className="button-row">
          <button
            type="button"
            className="button"
            disabled={step.isPending}
            onClick={() => step.mutate({ loanId: loan.id, input: { step: 'accept' } })}
          >
            {t('accept')}
          </button>
          <ReasonButton
            label={t('decline')}
            pending={step.isPending}
            onReason={(reason) => step.mutate({ loanId: loan.id, input: { step: 'decline', reason } })}
          />
        </div>
      )}
      {((loan.status === 'accepted' && c.borrowerOut && !c.lenderOut) ||
        (loan.status === 'active' && c.borrowerBack && !c.lenderBack)) && (
        <p className="notice">{t('other_confirmed', { name: loan.borrowerNickname })}</p>
      )}
      {loan.status === 'accepted' && !c.lenderOut && (
        <ConditionForm
          title={t('confirm_out_title')}
          submit={t('confirm_out')}
          pending={step.isPending}
          onSubmit={(v) => step.mutate({ loanId: loan.id, input: { step: 'handover', ...v } })}
        />
      )}
      {loan.status === 'active' && !c.lenderBack && (
        <ConditionForm
          title={t('confirm_back_title')}
          submit={t('confirm_back')}
          pending={step.isPending}
          onSubmit={(v) => step.mutate({ loanId: loan.id, input: { step: 'return-confirm', ...v } })}
        />
      )}
      {((loan.status === 'accepted' && c.lenderOut) || (loan.status === 'active' && c.lenderBack)) && (
        <p className="notice">{t('waiting_other', { name: loan.borrowerNickname })}</p>
      )}
      {step.isError && <ErrorMessage error={step.error} />}
    </>
  );
}

/** A button that asks for a short reason first (decline, cancel). */
function ReasonButton({
  label,
  pending,
  onReason,
}: {
  label: string;
  pending: boolean;
  onReason: (reason: string) => void;
}) {
  const { t } = useTranslation('huts');
  const id = useId();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  if (!open)
    return (
      <button type="button" className="button secondary" onClick={() => setOpen(true)}>
        {label}
      </button>
    );
  const ok = reason.trim().length >= 1 && reason.trim().length <= 200;
  return (
    <form
      className="hut-reason"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (ok) onReason(reason.trim());
      }}
    >
      <label className="field-label" htmlFor={`${id}-r`}>
        {t('reason_label')}
      </label>
      <input
        id={`${id}-r`}
        className="input"
        maxLength={200}
        value={reason}
        aria-invalid={tried && !ok ? true : undefined}
        onChange={(e) => setReason(e.target.value)}
      />
      {tried && !ok && (
        <p className="hut-error" role="alert">
          {t('invalid.reason')}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="button" disabled={pending}>
          {label}
        </button>
        <button type="button" className="button secondary" onClick={() => setOpen(false)}>
          {t('back')}
        </button>
      </div>
    </form>
  );
}

function MyHoldRow({ hold }: { hold: Hold }) {
  const { t } = useTranslation('huts');
  const cancel = useCancelHold();
  const say = useSay();
  const pickup = hold.pickupBy ? pickupWording(hold.pickupBy, chinaToday()) : null;
  return (
    <>
      <ItemLink loan={{ itemId: hold.itemId, itemTitle: hold.itemTitle, unitLabel: hold.unitLabel }} />
      {hold.status === 'ready' ? (
        <p className="hut-ready">
          {t('hold_ready', { label: hold.unitLabel ?? '' })} {pickup && say(pickup)}
        </p>
      ) : (
        <p className="hut-place">
          {t('hold_place', { place: hold.place })}
          {!hold.approved && ` ${t('hold_unapproved')}`}
        </p>
      )}
      {hold.status === 'ready' && (
        <a className="button secondary small-button" href="#hut-member-h">
          {t('show_code')}
        </a>
      )}
      <button
        type="button"
        className="button secondary block-button"
        disabled={cancel.isPending}
        onClick={() => cancel.mutate(hold.id)}
      >
        {t('hold_cancel')}
      </button>
      {cancel.isError && <ErrorMessage error={cancel.error} />}
    </>
  );
}
