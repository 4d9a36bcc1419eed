import '../lib/setup';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CATEGORY_GROUPS, type Category, VERIFICATION_LEVELS } from '../../../../common/schemas/listings';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { useCategories, useCreateCategory, useUpdateCategory } from '../api/categories';
import {
  adminDistricts,
  type CategoryDraft,
  draftFromCategory,
  emptyCategory,
  validateCategory,
} from '../lib/taxonomy';

/** Console card for district admins: the district's categories, add one, change one. */
export function TaxonomyEditor({ roles }: { roles: { role: string; divisionCode: string }[] }) {
  const { t, i18n } = useTranslation('listings');
  const id = useId();
  const districts = adminDistricts(roles);
  const [district, setDistrict] = useState(districts[0] ?? '');
  const [editing, setEditing] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [filter, setFilter] = useState('');
  const categories = useCategories(district, districts.length > 0);
  if (districts.length === 0) return null;
  const zh = i18n.language.startsWith('zh');
  const shown = (categories.data ?? []).filter(
    (c) =>
      !filter.trim() ||
      `${c.key} ${c.nameZh} ${c.nameEn} ${c.keywords.join(' ')}`
        .toLowerCase()
        .includes(filter.trim().toLowerCase()),
  );
  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('tax.title')}</h2>
      <p className="small muted">{t('tax.intro')}</p>
      {districts.length > 1 && (
        <label>
          <span className="field-label">{t('tax.district')}</span>
          <select className="input" value={district} onChange={(e) => setDistrict(e.target.value)}>
            {districts.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
      )}
      {!adding ? (
        <button type="button" className="button block-button" onClick={() => setAdding(true)}>
          ＋ {t('tax.add')}
        </button>
      ) : (
        <CategoryForm district={district} onDone={() => setAdding(false)} />
      )}
      <label className="field-label" htmlFor={`${id}-f`}>
        {t('tax.filter')}
      </label>
      <input id={`${id}-f`} className="input" value={filter} onChange={(e) => setFilter(e.target.value)} />
      {categories.isPending && <Loading />}
      {categories.isError && (
        <ErrorMessage error={categories.error} onRetry={() => void categories.refetch()} />
      )}
      {categories.data && (
        <p className="small muted" role="status">
          {t('tax.count', { count: categories.data.length })}
        </p>
      )}
      {CATEGORY_GROUPS.map((g) => {
        const inGroup = shown.filter((c) => c.group === g);
        if (inGroup.length === 0) return null;
        return (
          <div key={g}>
            <h3>{t(`groups.${g}`)}</h3>
            <ul className="list" aria-label={t(`groups.${g}`)}>
              {inGroup.map((c) => (
                <li key={c.key} className="row queue-row">
                  <span className="row-main">
                    <span className="row-title">
                      {zh ? c.nameZh : c.nameEn}
                      {!c.active && <span className="tag">{t('tax.inactive')}</span>}
                    </span>
                    <span className="row-sub">
                      <span className="mono">{c.key}</span> · {zh ? c.nameEn : c.nameZh} ·{' '}
                      {t(`verification.${c.requiredVerification}`)}
                    </span>
                  </span>
                  {editing === c.key ? (
                    <CategoryForm district={district} category={c} onDone={() => setEditing(null)} />
                  ) : (
                    <button
                      type="button"
                      className="button secondary small-button"
                      aria-label={t('tax.edit_named', { name: zh ? c.nameZh : c.nameEn })}
                      onClick={() => setEditing(c.key)}
                    >
                      {t('edit')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </section>
  );
}

function CategoryForm({
  district,
  category,
  onDone,
}: {
  district: string;
  category?: Category;
  onDone: () => void;
}) {
  const { t } = useTranslation('listings');
  const id = useId();
  const [draft, setDraft] = useState<CategoryDraft>(() =>
    category ? draftFromCategory(category) : emptyCategory(),
  );
  const [errors, setErrors] = useState<Partial<Record<keyof CategoryDraft, string>>>({});
  const create = useCreateCategory();
  const update = useUpdateCategory();
  const save = category ? update : create;
  const set = <K extends keyof CategoryDraft>(k: K, v: CategoryDraft[K]) =>
    setDraft((d) => ({ ...d, [k]: v }));
  const text = (
    k: 'key' | 'nameZh' | 'nameEn' | 'keywords' | 'sortOrder',
    extra?: Record<string, unknown>,
  ) => (
    <div className="lx-field">
      <label className="field-label" htmlFor={`${id}-${k}`}>
        {t(`tax.${k}`)}
      </label>
      <input
        id={`${id}-${k}`}
        className="input"
        value={draft[k]}
        aria-invalid={errors[k] ? true : undefined}
        onChange={(e) => set(k, e.target.value)}
        {...extra}
      />
      {errors[k] && (
        <p className="lx-field-error" role="alert">
          {t(errors[k])}
        </p>
      )}
    </div>
  );
  return (
    <form
      className="lx-tax-form"
      aria-label={category ? t('tax.edit_named', { name: category.nameZh }) : t('tax.add')}
      onSubmit={(e) => {
        e.preventDefault();
        const { errors: found, input } = validateCategory(draft, !category);
        setErrors(found);
        if (!input) return;
        const done = { onSuccess: onDone };
        if (category) update.mutate({ district, key: category.key, input }, done);
        else create.mutate({ ...input, key: draft.key.trim(), district }, done);
      }}
    >
      {!category && text('key', { autoCapitalize: 'off', spellCheck: false, placeholder: 'kite_repair' })}
      {text('nameZh')}
      {text('nameEn')}
      <div className="lx-filter-row">
        <label>
          <span className="field-label">{t('tax.group')}</span>
          <select
            className="input"
            value={draft.group}
            onChange={(e) => set('group', e.target.value as CategoryDraft['group'])}
          >
            {CATEGORY_GROUPS.map((g) => (
              <option key={g} value={g}>
                {t(`groups.${g}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="field-label">{t('tax.verification')}</span>
          <select
            className="input"
            value={draft.requiredVerification}
            onChange={(e) =>
              set('requiredVerification', e.target.value as CategoryDraft['requiredVerification'])
            }
          >
            {VERIFICATION_LEVELS.map((v) => (
              <option key={v} value={v}>
                {t(`verification.${v}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {text('keywords')}
      {text('sortOrder', { inputMode: 'numeric' })}
      <label className="switch-row">
        <span className="row-title">{t('tax.active')}</span>
        <input
          type="checkbox"
          className="switch"
          checked={draft.active}
          onChange={(e) => set('active', e.target.checked)}
        />
      </label>
      {save.isError && <ErrorMessage error={save.error} />}
      <div className="button-row">
        <button type="submit" className="button" disabled={save.isPending}>
          {t('tax.save')}
        </button>
        <button type="button" className="button secondary" onClick={onDone}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
