import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { CreditCard } from '../components/CreditCard';

/** /people/:id — a neighbour's credit record (信用记录). */
export function PersonPage() {
  const { t } = useTranslation('reviews');
  const personId = useParams().id ?? '';
  return (
    <>
      <h1>{t('person_title')}</h1>
      <CreditCard personId={personId} />
    </>
  );
}
