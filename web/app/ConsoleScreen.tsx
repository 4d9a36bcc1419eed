import { lazy, Suspense } from 'react';
import { DivisionName } from '../components/DivisionName';
import { useSession } from '../features/identity/api/session';
import { ConsolePage } from '../features/identity/routes/ConsolePage';

const ModerationQueueCard = lazy(() =>
  import('../features/reviews/components/ModerationQueueCard').then((m) => ({
    default: m.ModerationQueueCard,
  })),
);
const PointsConsole = lazy(() =>
  import('../features/points/components/PointsConsole').then((m) => ({ default: m.PointsConsole })),
);

const TaxonomyEditor = lazy(() =>
  import('../features/listings/components/TaxonomyEditor').then((m) => ({ default: m.TaxonomyEditor })),
);
const DisputesConsole = lazy(() =>
  import('../features/exchanges/components/DisputesConsole').then((m) => ({ default: m.DisputesConsole })),
);
const HutsConsole = lazy(() =>
  import('../features/huts/components/HutsConsole').then((m) => ({ default: m.HutsConsole })),
);

/** The console: identity's cards, the love bank's, disputes and the taxonomy, each deciding by my roles. */
export function ConsoleScreen() {
  const session = useSession();
  const roles = session.data?.signedIn ? session.data.account.roles : [];
  return (
    <>
      <ConsolePage />
      <Suspense fallback={null}>
        <PointsConsole roles={roles} />
      </Suspense>
      <Suspense fallback={null}>
        <DisputesConsole roles={roles} communityName={(code) => <DivisionName code={code} />} />
        <ModerationQueueCard roles={roles} />
        <TaxonomyEditor roles={roles} />
        <HutsConsole roles={roles} />
      </Suspense>
    </>
  );
}
