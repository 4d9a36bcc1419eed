import '../lib/setup';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { ItemInput } from '../../../../common/schemas/huts';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { useAddItem } from '../api/actions';
import { useHut } from '../api/queries';
import { useCategoryName } from '../components/Bits';
import { HUT_CATEGORIES } from '../lib/categories';
import { CONDITIONS, type Condition, HUT_TITLE_MAX } from '../lib/limits';

const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
const PHOTO_MAX = 3 * 1024 * 1024;

/** Keepers add a hut-owned item: name, category, condition, copies, flags, deposit, photos. */
export function AddItemPage() {
  return <AddItem mine={false} />;
}

/** A resident lists their own thing for neighbours to borrow from them (一借一还). */
export function OfferItemPage() {
  return <AddItem mine />;
}

function AddItem({ mine }: { mine: boolean }) {
  const { id = '' } = useParams();
  const { t } = useTranslation('huts');
  const hut = useHut(id);
  if (hut.isPending) return <Loading />;
  if (hut.isError) return <ErrorMessage error={hut.error} />;
  if (!mine && !hut.data.abilities.keep) return <p className="alert">{t('desk_not_keeper')}</p>;
  return <AddItemForm hutId={id} hutName={hut.data.name} mine={mine} key={String(mine)} />;
}

interface Problems {
  title?: string;
  category?: string;
  units?: string;
  deposit?: string;
  loanDays?: string;
  photo?: string;
}

const intIn = (v: string, min: number, max: number) =>
  /^\d{1,6}$/.test(v.trim()) && Number(v) >= min && Number(v) <= max ? Number(v) : null;

function AddItemForm({ hutId, hutName, mine }: { hutId: string; hutName: string; mine: boolean }) {
  const { t } = useTranslation('huts');
  const id = useId();
  const category = useCategoryName();
  const add = useAddItem(hutId, mine);
  const [title, setTitle] = useState('');
  const [cat, setCat] = useState('');
  const [condition, setCondition] = useState<Condition>('good');
  const [description, setDescription] = useState('');
  const [accessories, setAccessories] = useState('');
  const [units, setUnits] = useState('1');
  const [sanitise, setSanitise] = useState(false);
  const [safety, setSafety] = useState(false);
  const [deposit, setDeposit] = useState('');
  const [loanDays, setLoanDays] = useState('');
  const [photos, setPhotos] = useState<File[]>([]);
  const [tried, setTried] = useState(false);
  const [photoProblem, setPhotoProblem] = useState<string | undefined>();

  const check = (): Problems => {
    const p: Problems = {};
    if (!title.trim() || title.trim().length > HUT_TITLE_MAX)
      p.title = t('invalid.title', { max: HUT_TITLE_MAX });
    if (!cat) p.category = t('invalid.category');
    if (!mine && intIn(units, 1, 200) === null) p.units = t('invalid.int', { min: 1, max: 200 });
    if (deposit.trim() && intIn(deposit, 0, 100000) === null)
      p.deposit = t('invalid.int', { min: 0, max: 100000 });
    if (loanDays.trim() && intIn(loanDays, 1, 365) === null)
      p.loanDays = t('invalid.int', { min: 1, max: 365 });
    return p;
  };
  // Once sent, the notes follow the fields as they are corrected.
  const problems: Problems = { ...(tried ? check() : {}), ...(photoProblem ? { photo: photoProblem } : {}) };

  if (add.isSuccess)
    return (
      <section className="card" aria-live="polite">
        <p className="notice ok">{t('item_added', { title: add.data.title })}</p>
        <div className="button-row">
          <Link className="button" to={`/huts/items/${encodeURIComponent(add.data.id)}`}>
            {t('item_open')}
          </Link>
          {!mine && (
            <a
              className="button secondary"
              href={`/api/huts/${encodeURIComponent(hutId)}/labels?item=${encodeURIComponent(add.data.id)}`}
              target="_blank"
              rel="noreferrer"
            >
              {t('labels_item')}
            </a>
          )}
          <button type="button" className="button secondary" onClick={() => add.reset()}>
            {t('add_another')}
          </button>
        </div>
      </section>
    );

  const field = (key: keyof Problems) =>
    problems[key] ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-${key}-e` } : {};
  const problemText = (key: keyof Problems) =>
    problems[key] && (
      <p id={`${id}-${key}-e`} className="hut-error" role="alert">
        {problems[key]}
      </p>
    );

  return (
    <>
      <nav className="button-row" aria-label={t('back')}>
        <Link className="button secondary small-button" to={`/huts/${encodeURIComponent(hutId)}`}>
          ‹ {t('back_hut')}
        </Link>
      </nav>
      <h1>{mine ? t('offer_item') : t('add_item')}</h1>
      <p className="lead">{hutName}</p>
      {mine && <p>{t('offer_intro')}</p>}
      <form
        className="hut-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setTried(true);
          if (Object.keys(check()).length > 0 || photoProblem) return;
          const input: ItemInput = {
            title: title.trim(),
            category: cat,
            condition,
            ...(description.trim() ? { description: description.trim() } : {}),
            accessories: accessories
              .split(/[，,、\n]/)
              .map((a) => a.trim())
              .filter(Boolean)
              .slice(0, 20),
            ...(mine
              ? {}
              : {
                  sanitiseAfterReturn: sanitise,
                  safetyCheck: safety,
                  units: Number(units),
                  ...(deposit.trim() ? { depositPoints: Number(deposit) } : {}),
                  ...(loanDays.trim() ? { loanDays: Number(loanDays) } : {}),
                }),
          };
          add.mutate({ input, photos });
        }}
      >
        <label className="field-label" htmlFor={`${id}-t`}>
          {t('form.title')}
        </label>
        <input
          id={`${id}-t`}
          className="input"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          {...field('title')}
        />
        {problemText('title')}
        <label className="field-label" htmlFor={`${id}-c`}>
          {t('category_label')}
        </label>
        <select
          id={`${id}-c`}
          className="input"
          value={cat}
          onChange={(e) => setCat(e.target.value)}
          {...field('category')}
        >
          <option value="">{t('form.choose')}</option>
          {HUT_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {category(c)}
            </option>
          ))}
        </select>
        {problemText('category')}
        <label className="field-label" htmlFor={`${id}-k`}>
          {t('condition_label')}
        </label>
        <select
          id={`${id}-k`}
          className="input"
          value={condition}
          onChange={(e) => setCondition(e.target.value as Condition)}
        >
          {CONDITIONS.map((c) => (
            <option key={c} value={c}>
              {t(`condition.${c}`)}
            </option>
          ))}
        </select>
        <label className="field-label" htmlFor={`${id}-d`}>
          {t('form.description')}
        </label>
        <textarea
          id={`${id}-d`}
          className="input"
          rows={3}
          maxLength={2000}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
        <label className="field-label" htmlFor={`${id}-a`}>
          {t('form.accessories')}
        </label>
        <input
          id={`${id}-a`}
          className="input"
          value={accessories}
          onChange={(e) => setAccessories(e.target.value)}
        />
        {!mine && (
          <>
            <label className="field-label" htmlFor={`${id}-u`}>
              {t('form.units')}
            </label>
            <input
              id={`${id}-u`}
              className="input"
              inputMode="numeric"
              value={units}
              onChange={(e) => setUnits(e.target.value)}
              {...field('units')}
            />
            {problemText('units')}
            <label className="hut-check">
              <input type="checkbox" checked={sanitise} onChange={(e) => setSanitise(e.target.checked)} />
              <span>{t('form.sanitise')}</span>
            </label>
            <label className="hut-check">
              <input type="checkbox" checked={safety} onChange={(e) => setSafety(e.target.checked)} />
              <span>{t('form.safety')}</span>
            </label>
            <label className="field-label" htmlFor={`${id}-p`}>
              {t('form.deposit')}
            </label>
            <input
              id={`${id}-p`}
              className="input"
              inputMode="numeric"
              value={deposit}
              onChange={(e) => setDeposit(e.target.value)}
              {...field('deposit')}
            />
            {problemText('deposit')}
            <label className="field-label" htmlFor={`${id}-l`}>
              {t('form.loan_days')}
            </label>
            <input
              id={`${id}-l`}
              className="input"
              inputMode="numeric"
              value={loanDays}
              onChange={(e) => setLoanDays(e.target.value)}
              {...field('loanDays')}
            />
            {problemText('loanDays')}
          </>
        )}
        <label className="button secondary small-button file-button hut-gap" htmlFor={`${id}-f`}>
          {t('form.photo_add')}
        </label>
        <input
          id={`${id}-f`}
          className="sr-only"
          type="file"
          multiple
          accept={PHOTO_TYPES.join(',')}
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            const bad = files.some((f) => !PHOTO_TYPES.includes(f.type) || f.size > PHOTO_MAX);
            setPhotoProblem(bad ? t('invalid.photo') : undefined);
            if (!bad) setPhotos(files.slice(0, 6));
          }}
        />
        {photos.length > 0 && <p className="small">{t('form.photos_chosen', { count: photos.length })}</p>}
        {problemText('photo')}
        {Object.keys(problems).length > 0 && (
          <p className="hut-error" role="alert">
            {t('invalid.summary')}
          </p>
        )}
        {add.isError && <ErrorMessage error={add.error} />}
        <button type="submit" className="button block-button" disabled={add.isPending}>
          {mine ? t('offer_item_submit') : t('add_item_submit')}
        </button>
      </form>
    </>
  );
}
