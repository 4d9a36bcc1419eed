import { useTranslation } from 'react-i18next';
import type { RoleGrant } from '../lib/roles';
import { AdjustmentsCard } from './AdjustmentsCard';
import { BudgetsCard } from './BudgetsCard';
import { HelpRecordCard } from './HelpRecordCard';
import { RulesEditorCard } from './RulesEditorCard';

/** The love bank's cards in the console; each card shows itself only to the roles it serves. */
export function PointsConsole({ roles }: { roles: RoleGrant[] }) {
  const { t } = useTranslation('points');
  const staff = roles.some((r) => ['worker', 'street_admin', 'district_admin', 'auditor'].includes(r.role));
  if (!staff) return null;
  return (
    <>
      <h2 className="console-section">{t('console.title')}</h2>
      <HelpRecordCard roles={roles} />
      <AdjustmentsCard roles={roles} />
      <BudgetsCard roles={roles} />
      <RulesEditorCard roles={roles} />
    </>
  );
}
