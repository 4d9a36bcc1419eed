import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { ApiError } from '../../../lib/api';
import { useDivisionChildren } from '../api/get-children';
import { useDivision } from '../api/get-division';
import { DivisionRow } from '../components/DivisionRow';
import { DivisionSearch } from '../components/DivisionSearch';

/** One division: where it is (breadcrumb), what it is, and what is below it. */
export function DivisionPage() {
  const { t } = useTranslation('divisions');
  const code = useParams().code ?? '';
  const detail = useDivision(code);
  const children = useDivisionChildren(code);

  if (detail.isPending) return <Loading />;
  if (detail.isError) {
    // A malformed code in the address is, to a person, just a division that does not exist.
    const error =
      detail.error instanceof ApiError && detail.error.code === 'validation_failed'
        ? new ApiError('division_not_found', 404, {
            ...detail.error.problem!,
            code: 'division_not_found',
            details: { code },
          })
        : detail.error;
    return <ErrorMessage error={error} onRetry={() => void detail.refetch()} />;
  }
  const { division, ancestors } = detail.data;
  return (
    <>
      <nav aria-label={t('breadcrumb')} className="breadcrumb">
        <ol>
          <li>
            <Link to="/divisions">{t('title')}</Link>
          </li>
          {ancestors.map((a) => (
            <li key={a.code}>
              <Link to={`/divisions/${a.shortCode}`}>{a.shortName}</Link>
            </li>
          ))}
        </ol>
      </nav>
      <h1>{division.shortName}</h1>
      <dl className="facts">
        <div>
          <dt>{t('official_name')}</dt>
          <dd>{division.name}</dd>
        </div>
        <div>
          <dt>{t('level_label')}</dt>
          <dd>{t(`level.${division.level}`)}</dd>
        </div>
        <div>
          <dt>{t('code')}</dt>
          <dd className="mono">{division.code}</dd>
        </div>
      </dl>
      {division.childCount > 0 && (
        <>
          <h2>{t(`children_heading.${division.level}`)}</h2>
          {division.childCount > 12 && (
            <DivisionSearch
              within={division.shortCode}
              label={t('search_within', { name: division.shortName })}
            />
          )}
          {children.isPending && <Loading />}
          {children.isError && (
            <ErrorMessage error={children.error} onRetry={() => void children.refetch()} />
          )}
          {children.data && (
            <ul className="list" aria-label={t(`children_heading.${division.level}`)}>
              {children.data.items.map((d) => (
                <DivisionRow key={d.code} division={d} childCount={d.childCount} />
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}
