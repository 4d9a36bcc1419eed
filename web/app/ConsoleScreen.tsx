import { useSession } from '../features/identity/api/session';
import { ConsolePage } from '../features/identity/routes/ConsolePage';
import { PointsConsole } from '../features/points/components/PointsConsole';

/** The console: identity's cards, then the love bank's, each deciding by my roles. */
export function ConsoleScreen() {
  const session = useSession();
  const roles = session.data?.signedIn ? session.data.account.roles : [];
  return (
    <>
      <ConsolePage />
      <PointsConsole roles={roles} />
    </>
  );
}
