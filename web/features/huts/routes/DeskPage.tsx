import '../lib/setup';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { DeskMember, DeskUnit } from '../../../../common/schemas/huts';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { deskMember, deskUnit, useCheckout, useReturn, useUnitStep } from '../api/actions';
import { useHut, useOverdue } from '../api/queries';
import { useDay, useSay } from '../components/Bits';
import { PooledCheckout } from '../components/PooledCheckout';
import { ScanField } from '../components/ScanField';
import { chinaToday, dueWording, pickupWording } from '../lib/wording';

/** Desk mode for keepers, on a phone: scan the member, scan the item, check out or take back. */
export function DeskPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('huts');
  const hut = useHut(id);
  if (hut.isPending) return <Loading />;
  if (hut.isError) return <ErrorMessage error={hut.error} onRetry={() => void hut.refetch()} />;
  if (!hut.data.abilities.keep)
    return (
      <section className="alert" role="alert">
        <p>{t('desk_not_keeper')}</p>
        <Link className="button secondary" to={`/huts/${encodeURIComponent(id)}`}>
          {t('back_hut')}
        </Link>
      </section>
    );
  return <Desk hutId={id} hutName={hut.data.name} />;
}

type Lookup<T> =
  | { state: 'idle' }
  | { state: 'pending' }
  | { state: 'ok'; data: T }
  | { state: 'error'; error: unknown };

function Desk({ hutId, hutName }: { hutId: string; hutName: string }) {
  const { t } = useTranslation('huts');
  const [memberCode, setMemberCode] = useState('');
  const [member, setMember] = useState<Lookup<DeskMember>>({ state: 'idle' });
  const [label, setLabel] = useState('');
  const [unit, setUnit] = useState<Lookup<DeskUnit>>({ state: 'idle' });
  const [done, setDone] = useState<string | undefined>();
  const enc = encodeURIComponent;

  const lookMember = async (code: string, quiet = false) => {
    setMemberCode(code);
    if (!quiet) {
      setDone(undefined);
      setMember({ state: 'pending' });
    }
    try {
      setMember({ state: 'ok', data: await deskMember(hutId, code) });
    } catch (error) {
      setMember({ state: 'error', error });
    }
  };
  const lookUnit = async (code: string, quiet = false) => {
    setLabel(code);
    if (!quiet) {
      setDone(undefined);
      setUnit({ state: 'pending' });
    }
    try {
      setUnit({ state: 'ok', data: await deskUnit(hutId, code) });
    } catch (error) {
      setUnit({ state: 'error', error });
    }
  };
  const clear = () => {
    setMember({ state: 'idle' });
    setUnit({ state: 'idle' });
    setMemberCode('');
    setLabel('');
    setDone(undefined);
  };

  return (
    <div className="hut-desk">
      <nav className="button-row" aria-label={t('back')}>
        <Link className="button secondary small-button" to={`/huts/${enc(hutId)}`}>
          ‹ {t('back_hut')}
        </Link>
        <Link className="button secondary small-button" to={`/huts/${enc(hutId)}/reports`}>
          {t('reports_title')}
        </Link>
        <a
          className="button secondary small-button"
          href={`/api/huts/${enc(hutId)}/labels`}
          target="_blank"
          rel="noreferrer"
        >
          {t('labels_sheet')}
        </a>
      </nav>
      <h1>{t('desk_title')}</h1>
      <p className="lead">{hutName}</p>
      <section className="card hut-desk-step" aria-labelledby="desk-member-h">
        <h2 id="desk-member-h">① {t('desk_step_member')}</h2>
        {member.state !== 'ok' && (
          <ScanField
            key="member"
            label={t('member_code_label')}
            hint={t('member_code_desk_hint')}
            submit={t('look_up')}
            pending={member.state === 'pending'}
            onCode={(c) => void lookMember(c)}
          />
        )}
        {member.state === 'pending' && <Loading />}
        {member.state === 'error' && <ErrorMessage error={member.error} />}
        {member.state === 'ok' && (
          <MemberCard
            hutId={hutId}
            member={member.data}
            onChange={() => setMember({ state: 'idle' })}
            onReturned={(message) => {
              setDone(message);
              void lookMember(memberCode, true);
            }}
          />
        )}
      </section>

      <section className="card hut-desk-step" aria-labelledby="desk-unit-h">
        <h2 id="desk-unit-h">② {t('desk_step_item')}</h2>
        {done && (
          <p className="hut-done" role="status">
            ✓ {done}
          </p>
        )}
        <ScanField
          key={`u-${unit.state === 'ok' ? 'found' : 'open'}`}
          label={t('unit_label')}
          hint={t('unit_label_hint')}
          submit={t('look_up')}
          pending={unit.state === 'pending'}
          onCode={(c) => void lookUnit(c)}
        />
        {member.state === 'ok' && (
          <PooledCheckout
            hutId={hutId}
            member={member.data}
            memberCode={memberCode}
            onDone={(message) => {
              setDone(message);
              void lookMember(memberCode, true);
            }}
          />
        )}
        {unit.state === 'pending' && <Loading />}
        {unit.state === 'error' && <ErrorMessage error={unit.error} />}
        {unit.state === 'ok' && (
          <UnitPanel
            key={unit.data.unit.id}
            hutId={hutId}
            unit={unit.data}
            member={member.state === 'ok' ? member.data : undefined}
            memberCode={memberCode}
            onDone={(message, step) => {
              setDone(message);
              // After a check-out the desk is ready for the next item; after a return or a
              // finished check it shows the copy again (sanitising, or kept for the next in line).
              if (step === 'checkout') setUnit({ state: 'idle' });
              else void lookUnit(label, true);
              if (member.state === 'ok') void lookMember(memberCode, true);
            }}
          />
        )}
      </section>

      <button type="button" className="button secondary block-button hut-big-button" onClick={clear}>
        {t('desk_next_person')}
      </button>

      <OverdueList hutId={hutId} />
    </div>
  );
}

function MemberCard({
  hutId,
  member,
  onChange,
  onReturned,
}: {
  hutId: string;
  member: DeskMember;
  onChange: () => void;
  onReturned: (message: string) => void;
}) {
  const { t } = useTranslation('huts');
  const say = useSay();
  const giveBack = useReturn(hutId);
  const today = chinaToday();
  return (
    <div className="hut-found" aria-live="polite">
      <p className="hut-found-name">{member.nickname}</p>
      <p className="small">
        {t(`member_kind.${member.memberKind}`)} · {t('open_loans', { count: member.openLoans })}
      </p>
      {member.readyHolds.length > 0 && (
        <>
          <h3>{t('ready_for_member')}</h3>
          <ul className="hut-desk-list">
            {member.readyHolds.map((h) => (
              <li key={h.id}>
                <strong>{h.itemTitle}</strong>
                {h.unitLabel && <span className="mono"> {h.unitLabel}</span>}
                {h.pickupBy && ` · ${say(pickupWording(h.pickupBy, today))}`}
              </li>
            ))}
          </ul>
        </>
      )}
      {member.loans.length > 0 && (
        <>
          <h3>{t('member_loans_here')}</h3>
          <ul className="hut-desk-list">
            {member.loans.map((l) => (
              <li key={l.id}>
                <strong>{l.itemTitle}</strong>
                {l.unitLabel && <span className="mono"> {l.unitLabel}</span>}
                {l.quantity > 1 && ` × ${l.quantity}`}
                {l.dueDate && ` · ${say(dueWording(l.dueDate, today))}`}
                {l.unitLabel === null && (
                  <button
                    type="button"
                    className="button secondary small-button hut-inline-button"
                    disabled={giveBack.isPending}
                    onClick={() =>
                      giveBack.mutate(
                        { loanId: l.id, condition: 'good' },
                        {
                          onSuccess: (r) =>
                            onReturned(
                              t('returned', {
                                item: r.loan.itemTitle,
                                name: r.loan.borrowerNickname,
                                status: t('unit_status.available'),
                              }),
                            ),
                        },
                      )
                    }
                  >
                    {t('pooled_return')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {giveBack.isError && <ErrorMessage error={giveBack.error} />}
      <button type="button" className="button secondary small-button" onClick={onChange}>
        {t('member_change')}
      </button>
    </div>
  );
}

type ReturnChoice = 'good' | 'damaged' | 'dirty';

function UnitPanel({
  hutId,
  unit,
  member,
  memberCode,
  onDone,
}: {
  hutId: string;
  unit: DeskUnit;
  member: DeskMember | undefined;
  memberCode: string;
  onDone: (message: string, step: 'checkout' | 'return' | 'ready') => void;
}) {
  const { t } = useTranslation('huts');
  const say = useSay();
  const day = useDay();
  const id = useId();
  const checkout = useCheckout(hutId);
  const giveBack = useReturn(hutId);
  const unitStep = useUnitStep();
  const [choice, setChoice] = useState<ReturnChoice>('good');
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);
  const today = chinaToday();
  const u = unit.unit;
  const heldForOther = unit.readyHold && member && unit.readyHold.memberNickname !== member.nickname;
  const canCheckout =
    !unit.loan && (u.status === 'available' || (u.status === 'on_hold' && unit.readyHold !== null));
  const noteOk = choice !== 'damaged' || note.trim().length > 0;

  return (
    <div className="hut-found" aria-live="polite">
      <p className="hut-found-name">{unit.itemTitle}</p>
      <p>
        <span className="mono">{u.label}</span> · {t(`unit_status.${u.status}`)} ·{' '}
        {t(`condition.${u.condition}`)}
      </p>
      {(unit.sanitiseAfterReturn || unit.safetyCheck) && (
        <p className="hut-flags">
          {unit.sanitiseAfterReturn && <span className="hut-flag hut-flag-med">{t('flag.sanitise')}</span>}
          {unit.safetyCheck && <span className="hut-flag hut-flag-safety">{t('flag.safety')}</span>}
        </p>
      )}
      {unit.readyHold && (
        <p className="notice">
          {t('next_in_line', { name: unit.readyHold.memberNickname })}
          {unit.readyHold.pickupBy && ` · ${say(pickupWording(unit.readyHold.pickupBy, today))}`}
        </p>
      )}

      {/* Check-out */}
      {canCheckout && !member && <p className="notice">{t('checkout_need_member')}</p>}
      {canCheckout && member && heldForOther && (
        <p className="hut-error" role="alert">
          {t('held_for_other', { name: unit.readyHold?.memberNickname ?? '' })}
        </p>
      )}
      {canCheckout && member && !heldForOther && (
        <button
          type="button"
          className="button block-button hut-big-button"
          disabled={checkout.isPending}
          onClick={() =>
            checkout.mutate(
              { memberCode, label: u.label },
              {
                onSuccess: (loan) =>
                  onDone(
                    t('checked_out', {
                      item: loan.itemTitle,
                      name: loan.borrowerNickname,
                      date: loan.dueDate ? day(loan.dueDate) : '',
                    }),
                    'checkout',
                  ),
              },
            )
          }
        >
          {t('checkout_to', { name: member.nickname })}
        </button>
      )}
      {checkout.isError && <ErrorMessage error={checkout.error} />}

      {/* Return */}
      {unit.loan && (
        <form
          className="hut-return"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            setTried(true);
            if (!noteOk) return;
            const loan = unit.loan;
            if (!loan) return;
            const body =
              choice === 'good'
                ? { label: u.label, condition: 'good' as const }
                : choice === 'damaged'
                  ? { label: u.label, condition: 'damaged' as const, note: note.trim() }
                  : { label: u.label, condition: 'fair' as const, note: note.trim() || t('dirty_note') };
            giveBack.mutate(body, {
              onSuccess: async (r) => {
                // Not a medical device, but it came back dirty: it waits for cleaning first.
                if (choice === 'dirty' && r.unitStatus === 'available') {
                  const item = await unitStep.mutateAsync({
                    unitId: u.id,
                    step: 'maintenance',
                    note: note.trim() || t('dirty_note'),
                  });
                  const status = item.units.find((x) => x.id === u.id)?.status ?? 'maintenance';
                  r = { ...r, unitStatus: status };
                }
                onDone(
                  t('returned', {
                    item: r.loan.itemTitle,
                    name: r.loan.borrowerNickname,
                    status: t(`unit_status.${r.unitStatus ?? 'available'}`),
                  }),
                  'return',
                );
              },
            });
          }}
        >
          <p>
            {t('on_loan_to', { name: unit.loan.borrowerNickname })}
            {unit.loan.dueDate && ` · ${say(dueWording(unit.loan.dueDate, today))}`}
          </p>
          <fieldset className="hut-radios">
            <legend className="field-label">{t('return_condition')}</legend>
            {(['good', 'damaged', 'dirty'] as const).map((c) => (
              <label key={c} className="hut-radio hut-radio-big">
                <input
                  type="radio"
                  name={`${id}-c`}
                  value={c}
                  checked={choice === c}
                  onChange={() => setChoice(c)}
                />
                {t(`return_choice.${c}`)}
              </label>
            ))}
          </fieldset>
          {unit.sanitiseAfterReturn && <p className="small">{t('will_sanitise')}</p>}
          {unit.safetyCheck && <p className="small">{t('will_check')}</p>}
          {choice !== 'good' && (
            <>
              <label className="field-label" htmlFor={`${id}-n`}>
                {choice === 'damaged' ? t('note_damage') : t('note_optional')}
              </label>
              <textarea
                id={`${id}-n`}
                className="input"
                rows={2}
                maxLength={300}
                value={note}
                aria-invalid={tried && !noteOk ? true : undefined}
                onChange={(e) => setNote(e.target.value)}
              />
              {tried && !noteOk && (
                <p className="hut-error" role="alert">
                  {t('invalid.damage_note')}
                </p>
              )}
            </>
          )}
          <button type="submit" className="button block-button hut-big-button" disabled={giveBack.isPending}>
            {t('return_submit')}
          </button>
          {giveBack.isError && <ErrorMessage error={giveBack.error} />}
        </form>
      )}

      {/* Sanitising or the safety check done */}
      {(u.status === 'sanitising' || u.status === 'maintenance') && !unit.loan && (
        <button
          type="button"
          className="button secondary block-button hut-big-button"
          disabled={unitStep.isPending}
          onClick={() =>
            unitStep.mutate(
              { unitId: u.id, step: 'ready' },
              { onSuccess: () => onDone(t('unit_ready_done', { label: u.label }), 'ready') },
            )
          }
        >
          {u.status === 'sanitising' ? t('sanitised_ready') : t('checked_ready')}
        </button>
      )}
      {unitStep.isError && <ErrorMessage error={unitStep.error} />}
    </div>
  );
}

function OverdueList({ hutId }: { hutId: string }) {
  const { t } = useTranslation('huts');
  const overdue = useOverdue(hutId);
  const day = useDay();
  return (
    <section className="card" aria-labelledby="desk-overdue-h">
      <h2 id="desk-overdue-h">{t('overdue_title')}</h2>
      {overdue.isPending && <Loading />}
      {overdue.isError && <ErrorMessage error={overdue.error} onRetry={() => void overdue.refetch()} />}
      {overdue.data?.items.length === 0 && <p className="muted">{t('overdue_empty')}</p>}
      {overdue.data && overdue.data.items.length > 0 && (
        <ul className="hut-desk-list" aria-label={t('overdue_title')}>
          {overdue.data.items.map((o) => (
            <li key={o.loanId}>
              <strong>{o.itemTitle}</strong>
              {o.unitLabel && <span className="mono"> {o.unitLabel}</span>} · {o.borrowerNickname} ·{' '}
              {t('due.overdue', { days: o.daysOverdue, date: day(o.dueDate) })}
            </li>
          ))}
        </ul>
      )}
      <a
        className="button secondary small-button"
        href={`/api/huts/${encodeURIComponent(hutId)}/overdue.csv`}
        download
      >
        {t('csv_download', { what: t('overdue_title') })}
      </a>
    </section>
  );
}
