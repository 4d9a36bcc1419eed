import '../lib/setup';
import { useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import {
  CATEGORY_GROUPS,
  type Category,
  DESCRIPTION_MAX,
  LISTING_KINDS,
  type Listing,
  TAGS_MAX,
  TITLE_MAX,
} from '../../../../common/schemas/listings';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { ApiError } from '../../../lib/api';
import { useCategories } from '../api/categories';
import { useListing } from '../api/get-listing';
import { usePointsRules } from '../api/get-rules';
import { listingsKeys } from '../api/keys';
import { uploadPhoto, useCreateListing, useDeletePhoto, useUpdateListing } from '../api/save-listing';
import { AvailabilityGrid } from '../components/AvailabilityGrid';
import { Field, fieldAria } from '../components/Field';
import { ListingsError } from '../components/ListingsError';
import { PhotoPicker } from '../components/PhotoPicker';
import { Segmented } from '../components/Segmented';
import {
  CAPACITY_MAX,
  changedFields,
  charCount,
  type DraftField,
  dateFromEpoch,
  defaultPoints,
  type FieldErrors,
  fieldErrorsFromProblem,
  type ListingDraft,
  MINUTES_MAX,
  normaliseDigits,
  parseWholeField,
  validateDraft,
} from '../lib/form';
import { photoIdFromUrl } from '../lib/photos';

const ORDER: DraftField[] = [
  'category',
  'title',
  'description',
  'tags',
  'deadline',
  'minutes',
  'points',
  'capacity',
];

function draftFrom(listing: Listing | undefined, direction: 'offer' | 'need'): ListingDraft {
  if (!listing)
    return {
      direction,
      kind: direction === 'need' ? 'service' : 'skill',
      category: '',
      title: '',
      description: '',
      tags: '',
      availability: [],
      deadline: '',
      minutes: '60',
      points: '',
      capacity: '1',
      alerts: true,
    };
  return {
    direction: listing.direction,
    kind: listing.kind,
    category: listing.category,
    title: listing.title,
    description: listing.description,
    tags: listing.tags.join('，'),
    availability: listing.availability,
    deadline: listing.deadline ? dateFromEpoch(listing.deadline) : '',
    minutes: listing.minutes ? String(listing.minutes) : '',
    points: listing.points !== null ? String(listing.points) : '',
    capacity: String(listing.capacity),
    alerts: listing.alerts,
  };
}

/** 发布 / 修改: the post form for an offer or a need (edit when the route has an id). */
export function PostListingPage() {
  const { t } = useTranslation('listings');
  const id = useParams().id;
  const [search] = useSearchParams();
  const existing = useListing(id ?? '');
  if (id && existing.isPending) return <Loading />;
  if (id && existing.isError)
    return <ErrorMessage error={existing.error} onRetry={() => void existing.refetch()} />;
  if (id && existing.data && !existing.data.abilities.edit)
    return (
      <section className="card">
        <p>{t('form.not_editable')}</p>
        <Link className="button" to={`/listings/${encodeURIComponent(id)}`}>
          {t('back_to_listing')}
        </Link>
      </section>
    );
  const direction = search.get('direction') === 'offer' ? 'offer' : 'need';
  return <ListingForm key={id ?? direction} listing={id ? existing.data : undefined} direction={direction} />;
}

function ListingForm({ listing, direction }: { listing?: Listing; direction: 'offer' | 'need' }) {
  const { t, i18n } = useTranslation('listings');
  const uid = useId();
  const fid = (f: string) => `${uid}-${f}`;
  const navigate = useNavigate();
  const client = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<ListingDraft>(() => draftFrom(listing, direction));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [files, setFiles] = useState<File[]>([]);
  const [uploading, setUploading] = useState(false);
  const [photoError, setPhotoError] = useState<string | undefined>();
  const categories = useCategories();
  const rules = usePointsRules();
  const create = useCreateListing();
  const update = useUpdateListing();
  const deletePhoto = useDeletePhoto();
  const save = listing ? update : create;
  const zh = i18n.language.startsWith('zh');
  const set = <K extends keyof ListingDraft>(key: K, value: ListingDraft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    if (errors[key as DraftField]) setErrors((e) => ({ ...e, [key]: undefined }));
  };
  const category: Category | undefined = categories.data?.find((c) => c.key === draft.category);
  const minutes = parseWholeField(draft.minutes, 1, MINUTES_MAX);
  const estimate =
    rules.data && draft.category ? defaultPoints(rules.data.rules, draft.category, minutes ?? null) : null;
  const generalError =
    save.isError &&
    !(
      save.error instanceof ApiError &&
      Object.keys(fieldErrorsFromProblem(save.error.code, save.error.problem)).length > 0
    )
      ? save.error
      : null;
  const isNeed = draft.direction === 'need';

  const focusFirst = (errs: FieldErrors) => {
    const first = ORDER.find((f) => errs[f]);
    if (first)
      requestAnimationFrame(() =>
        formRef.current?.querySelector<HTMLElement>(`#${CSS.escape(fid(first))}`)?.focus(),
      );
  };

  const submit = async () => {
    const { errors: found, input } = validateDraft(draft, Date.now());
    setErrors(found);
    if (!input) return focusFirst(found);
    try {
      let saved: Listing;
      if (listing) {
        saved = await update.mutateAsync({ id: listing.id, input: changedFields(input, listing) });
      } else {
        saved = await create.mutateAsync(input);
      }
      let failed = 0;
      if (files.length > 0) {
        setUploading(true);
        for (const file of files) {
          try {
            saved = await uploadPhoto(saved.id, file);
          } catch {
            failed += 1;
          }
        }
        setUploading(false);
        // The page opens on the listing as it is now, photos included.
        client.setQueryData(listingsKeys.detail(saved.id), saved);
        void client.invalidateQueries({ queryKey: listingsKeys.lists });
      }
      navigate(`/listings/${encodeURIComponent(saved.id)}`, { state: { saved: true, photosFailed: failed } });
    } catch (error) {
      setUploading(false);
      if (error instanceof ApiError) {
        const server = fieldErrorsFromProblem(error.code, error.problem);
        if (Object.keys(server).length > 0) {
          setErrors(server);
          focusFirst(server);
        }
      }
    }
  };

  const busy = save.isPending || uploading;
  return (
    <>
      <nav className="button-row" aria-label={t('back')}>
        <Link
          className="button secondary small-button"
          to={listing ? `/listings/${encodeURIComponent(listing.id)}` : '/'}
        >
          ‹ {t('back')}
        </Link>
      </nav>
      <h1>{listing ? t('form.edit_title') : t(`form.new_title_${draft.direction}`)}</h1>
      <p className="lead">{t(`form.intro_${draft.direction}`)}</p>
      <form
        ref={formRef}
        className="lx-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {!listing && (
          <div className="lx-field">
            <span className="field-label">{t('form.direction')}</span>
            <Segmented
              label={t('form.direction')}
              options={[
                { value: 'need', label: t('form.direction_need') },
                { value: 'offer', label: t('form.direction_offer') },
              ]}
              value={draft.direction}
              onChange={(v) => set('direction', v)}
            />
          </div>
        )}
        <div className="lx-field">
          <span className="field-label">{t('form.kind')}</span>
          <Segmented
            label={t('form.kind')}
            options={LISTING_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
            value={draft.kind}
            onChange={(v) => set('kind', v)}
          />
        </div>

        <Field
          id={fid('category')}
          label={t('form.category')}
          error={errors.category}
          hint={
            category && category.requiredVerification !== 'phone'
              ? t('form.category_needs', { level: t(`verification.${category.requiredVerification}`) })
              : undefined
          }
        >
          {categories.isError ? (
            <ListingsError error={categories.error} onRetry={() => void categories.refetch()} />
          ) : (
            <select
              {...fieldAria(
                fid('category'),
                errors.category,
                !!category && category.requiredVerification !== 'phone',
              )}
              className="input"
              value={draft.category}
              onChange={(e) => set('category', e.target.value)}
            >
              <option value="">{categories.isPending ? t('common:loading') : t('form.category_pick')}</option>
              {CATEGORY_GROUPS.map((g) => {
                const inGroup = (categories.data ?? []).filter(
                  (c) => c.group === g && (c.active || c.key === draft.category),
                );
                if (inGroup.length === 0) return null;
                return (
                  <optgroup key={g} label={t(`groups.${g}`)}>
                    {inGroup.map((c) => (
                      <option key={c.key} value={c.key}>
                        {zh ? c.nameZh : c.nameEn}
                      </option>
                    ))}
                  </optgroup>
                );
              })}
            </select>
          )}
        </Field>

        <Field
          id={fid('title')}
          label={t('form.title')}
          error={errors.title}
          counter={`${charCount(draft.title.trim())}/${TITLE_MAX}`}
          hint={t(`form.title_hint_${draft.direction}`)}
        >
          <input
            {...fieldAria(fid('title'), errors.title, true)}
            className="input"
            value={draft.title}
            autoComplete="off"
            onChange={(e) => set('title', e.target.value)}
          />
        </Field>

        <Field
          id={fid('description')}
          label={t('form.description')}
          error={errors.description}
          counter={`${charCount(draft.description.trim())}/${DESCRIPTION_MAX}`}
        >
          <textarea
            {...fieldAria(fid('description'), errors.description)}
            className="input lx-textarea"
            rows={5}
            value={draft.description}
            placeholder={t(`form.description_placeholder_${draft.direction}`)}
            onChange={(e) => set('description', e.target.value)}
          />
        </Field>

        <Field
          id={fid('tags')}
          label={t('form.tags')}
          error={errors.tags}
          hint={t('form.tags_hint', { max: TAGS_MAX })}
        >
          <input
            {...fieldAria(fid('tags'), errors.tags, true)}
            className="input"
            value={draft.tags}
            autoComplete="off"
            onChange={(e) => set('tags', e.target.value)}
          />
        </Field>

        <AvailabilityGrid
          legend={t(isNeed ? 'form.availability_need' : 'form.availability_offer')}
          value={draft.availability}
          onChange={(v) => set('availability', v)}
        />

        {isNeed && (
          <Field
            id={fid('deadline')}
            label={t('form.deadline')}
            error={errors.deadline}
            hint={t('form.deadline_hint')}
          >
            <input
              {...fieldAria(fid('deadline'), errors.deadline, true)}
              className="input"
              type="date"
              value={draft.deadline}
              onChange={(e) => set('deadline', e.target.value)}
            />
          </Field>
        )}

        <Field
          id={fid('minutes')}
          label={t('form.minutes')}
          error={errors.minutes}
          hint={t('form.minutes_hint')}
        >
          <input
            {...fieldAria(fid('minutes'), errors.minutes, true)}
            className="input"
            inputMode="numeric"
            autoComplete="off"
            value={draft.minutes}
            onChange={(e) => set('minutes', normaliseDigits(e.target.value))}
          />
        </Field>

        <Field
          id={fid('points')}
          label={t('form.points')}
          error={errors.points}
          hint={
            estimate !== null ? t('form.points_hint_estimate', { points: estimate }) : t('form.points_hint')
          }
        >
          <input
            {...fieldAria(fid('points'), errors.points, true)}
            className="input"
            inputMode="numeric"
            autoComplete="off"
            placeholder={
              estimate !== null ? t('form.points_placeholder', { points: estimate }) : t('points_by_rules')
            }
            value={draft.points}
            onChange={(e) => set('points', normaliseDigits(e.target.value))}
          />
        </Field>

        {!isNeed && (
          <>
            <Field
              id={fid('capacity')}
              label={t('form.capacity')}
              error={errors.capacity}
              hint={t('form.capacity_hint', { max: CAPACITY_MAX })}
            >
              <input
                {...fieldAria(fid('capacity'), errors.capacity, true)}
                className="input"
                inputMode="numeric"
                autoComplete="off"
                value={draft.capacity}
                onChange={(e) => set('capacity', normaliseDigits(e.target.value))}
              />
            </Field>
            <label className="switch-row lx-field">
              <span>
                <span className="row-title">{t('form.alerts')}</span>
                <span className="row-sub">{t('form.alerts_hint')}</span>
              </span>
              <input
                type="checkbox"
                className="switch"
                checked={draft.alerts}
                onChange={(e) => set('alerts', e.target.checked)}
              />
            </label>
          </>
        )}

        {listing && listing.photos.length > 0 && (
          <ul className="lx-photo-list" aria-label={t('form.photos_current')}>
            {listing.photos.map((url, i) => (
              <li key={url} className="lx-photo-item">
                <img src={url} alt={t('form.photo_alt', { n: i + 1 })} />
                <button
                  type="button"
                  className="button secondary small-button"
                  disabled={deletePhoto.isPending}
                  onClick={() => deletePhoto.mutate({ id: listing.id, photoId: photoIdFromUrl(url) })}
                >
                  {t('form.photo_remove')}
                </button>
              </li>
            ))}
          </ul>
        )}
        {deletePhoto.isError && <ErrorMessage error={deletePhoto.error} />}
        <PhotoPicker
          files={files}
          existing={listing?.photos.length ?? 0}
          onChange={(f) => {
            setFiles(f);
            setErrors((e) => ({ ...e, photos: undefined }));
          }}
          error={photoError ?? errors.photos}
          onProblem={setPhotoError}
        />

        {Object.values(errors).some(Boolean) && (
          <p className="lx-field-error lx-form-summary" role="alert">
            {t('form.fix_above')}
          </p>
        )}
        {generalError && <ErrorMessage error={generalError} />}
        <button type="submit" className="button block-button lx-submit" disabled={busy}>
          {uploading
            ? t('form.uploading')
            : busy
              ? t('form.saving')
              : listing
                ? t('form.save')
                : t(`form.submit_${draft.direction}`)}
        </button>
      </form>
    </>
  );
}
