import { useTranslation } from 'react-i18next';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { useDivisionRoots } from '../api/get-roots';
import { DivisionRow } from '../components/DivisionRow';
import { DivisionSearch } from '../components/DivisionSearch';

/** The entry to the division tree: search, and the areas this deployment serves. */
export function DivisionsPage() {
  const { t } = useTranslation('divisions');
  const roots = useDivisionRoots();
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <DivisionSearch />
      <h2>{t('areas')}</h2>
      {roots.isPending && <Loading />}
      {roots.isError && <ErrorMessage error={roots.error} onRetry={() => void roots.refetch()} />}
      {roots.data && (
        <ul className="list">
          {roots.data.items.map((d) => (
            <DivisionRow key={d.code} division={d} childCount={d.childCount} showPath />
          ))}
        </ul>
      )}
    </>
  );
}
