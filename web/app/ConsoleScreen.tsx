import { lazy, Suspense } from 'react';
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

/** The console: identity's cards, then the love bank's, each deciding by my roles. */
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
        <ModerationQueueCard roles={roles} />
      </Suspense>
    </>
  );
}
