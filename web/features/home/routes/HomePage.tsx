import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DivisionRoots } from '../../../../common/schemas/divisions';
import { ErrorMessage, Loading } from '../../../components/QueryState';
import { apiFetch } from '../../../lib/api';

/** Home: what Linli is, the neighbours' feed when given (composed in app/), and the areas it serves. */
export function HomePage({ feed }: { feed?: ReactNode }) {
  const { t } = useTranslation('home');
  // Features do not import each other; home asks the API directly for the served areas.
  const areas = useQuery({
    queryKey: ['divisions', 'roots'],
    queryFn: () => apiFetch<DivisionRoots>('/api/divisions'),
  });
  return (
    <>
      <section className="hero">
        <h1>{t('title')}</h1>
        <p className="lead">{t('tagline')}</p>
      </section>
      {feed}
      <Link className="points-link" to="/points">
        <span aria-hidden="true" className="points-link-icon">
          ♥
        </span>
        <span className="row-main">
          <span className="row-title">{t('points:home_link_title')}</span>
          <span className="row-sub">{t('points:home_link_body')}</span>
        </span>
      </Link>
      <Link className="points-link" to="/huts">
        <span aria-hidden="true" className="points-link-icon">
          ⌂
        </span>
        <span className="row-main">
          <span className="row-title">{t('huts_link_title')}</span>
          <span className="row-sub">{t('huts_link_body')}</span>
        </span>
      </Link>
      <section className="card">
        <h2>{t('how_title')}</h2>
        <ol className="steps">
          <li>{t('how_share')}</li>
          <li>{t('how_match')}</li>
          <li>{t('how_points')}</li>
          <li>{t('how_trust')}</li>
        </ol>
      </section>
      <h2>{t('areas_title')}</h2>
      {areas.isPending && <Loading />}
      {areas.isError && <ErrorMessage error={areas.error} onRetry={() => void areas.refetch()} />}
      {areas.data && (
        <ul className="area-cards">
          {areas.data.items.map((area) => (
            <li key={area.code}>
              <Link className="area-card" to={`/divisions/${area.shortCode}`}>
                <span className="area-name">{area.shortName}</span>
                <span className="area-path">{area.pathLabel}</span>
                <span className="area-count">{t('area_children', { count: area.childCount })}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <Link className="button block" to="/divisions">
        {t('find_my_community')}
      </Link>
    </>
  );
}
