import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { Loading } from '../components/QueryState';
import { DivisionPage } from '../features/divisions/routes/DivisionPage';
import { DivisionsPage } from '../features/divisions/routes/DivisionsPage';
import { NetIdReturnPage } from '../features/identity/routes/NetIdReturnPage';
import { SignInPage } from '../features/identity/routes/SignInPage';
import { TrustPage } from '../features/trustlog/routes/TrustPage';
import { ApiError } from '../lib/api';
import { ConsoleScreen } from './ConsoleScreen';
import { HomeScreen } from './HomeScreen';
import { Layout } from './Layout';
import { MePage } from './MePage';
import { NotFoundPage } from './NotFoundPage';
import { PointsScreen } from './PointsScreen';
import { PreferencesProvider } from './PreferencesContext';
import { SignedIn } from './SignedIn';

// The love bank's pages load on first visit, so the first screen stays small.
const MonthlyStatementPage = lazy(() =>
  import('../features/points/routes/MonthlyStatementPage').then((m) => ({ default: m.MonthlyStatementPage })),
);
// Reviews and credit records load on first visit too.
const PersonPage = lazy(() =>
  import('../features/reviews/routes/PersonPage').then((m) => ({ default: m.PersonPage })),
);
const ReviewPage = lazy(() =>
  import('../features/reviews/routes/ReviewPage').then((m) => ({ default: m.ReviewPage })),
);
const ReceiptPage = lazy(() =>
  import('../features/points/routes/ReceiptPage').then((m) => ({ default: m.ReceiptPage })),
);

// Listings and exchanges (issue #6) load on first visit too, each with its own strings and styles.
const PostListingPage = lazy(() =>
  import('../features/listings/routes/PostListingPage').then((m) => ({ default: m.PostListingPage })),
);
const ListingPage = lazy(() =>
  import('../features/listings/routes/ListingPage').then((m) => ({ default: m.ListingPage })),
);
const SearchPage = lazy(() =>
  import('../features/listings/routes/SearchPage').then((m) => ({ default: m.SearchPage })),
);
const MyListingsPage = lazy(() =>
  import('../features/listings/routes/MyListingsPage').then((m) => ({ default: m.MyListingsPage })),
);
const ExchangeScreen = lazy(() => import('./ExchangeScreen').then((m) => ({ default: m.ExchangeScreen })));
const MyExchangesPage = lazy(() =>
  import('../features/exchanges/routes/MyExchangesPage').then((m) => ({ default: m.MyExchangesPage })),
);

// Sharing huts (issue #7) load on first visit too, with their own strings and styles.
const lazyHuts = <K extends string>(load: () => Promise<Record<K, React.ComponentType>>, name: K) =>
  lazy(() => load().then((m) => ({ default: m[name] })));
const HutsNearPage = lazyHuts(() => import('../features/huts/routes/HutsNearPage'), 'HutsNearPage');
const HutPage = lazyHuts(() => import('../features/huts/routes/HutPage'), 'HutPage');
const HutItemPage = lazyHuts(() => import('../features/huts/routes/ItemPage'), 'ItemPage');
const MyHutLoansPage = lazyHuts(() => import('../features/huts/routes/MyHutLoansPage'), 'MyHutLoansPage');
const HutDeskPage = lazyHuts(() => import('../features/huts/routes/DeskPage'), 'DeskPage');
const HutReportsPage = lazyHuts(() => import('../features/huts/routes/HutReportsPage'), 'HutReportsPage');
const HutAddItemPage = lazyHuts(() => import('../features/huts/routes/AddItemPage'), 'AddItemPage');
const HutOfferItemPage = lazyHuts(() => import('../features/huts/routes/AddItemPage'), 'OfferItemPage');
const HUT_ROUTES: [string, React.ComponentType][] = [
  ['huts', HutsNearPage],
  ['huts/mine', MyHutLoansPage],
  ['huts/items/:id', HutItemPage],
  ['huts/:id', HutPage],
  ['huts/:id/desk', HutDeskPage],
  ['huts/:id/reports', HutReportsPage],
  ['huts/:id/items/new', HutAddItemPage],
  ['huts/:id/my-items/new', HutOfferItemPage],
];

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 60_000,
      // A 4xx will not get better by asking again; network and 5xx might.
      retry: (count, error) =>
        count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
    },
  },
});

export function App() {
  return (
    <PreferencesProvider>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <Routes>
            <Route element={<Layout />}>
              <Route index element={<HomeScreen />} />
              <Route
                path="search"
                element={
                  <SignedIn>
                    <SearchPage />
                  </SignedIn>
                }
              />
              <Route
                path="listings/new"
                element={
                  <SignedIn>
                    <PostListingPage />
                  </SignedIn>
                }
              />
              <Route
                path="listings/mine"
                element={
                  <SignedIn>
                    <MyListingsPage />
                  </SignedIn>
                }
              />
              <Route
                path="listings/:id"
                element={
                  <SignedIn>
                    <ListingPage />
                  </SignedIn>
                }
              />
              <Route
                path="listings/:id/edit"
                element={
                  <SignedIn>
                    <PostListingPage />
                  </SignedIn>
                }
              />
              <Route
                path="exchanges"
                element={
                  <SignedIn>
                    <MyExchangesPage />
                  </SignedIn>
                }
              />
              <Route
                path="exchanges/:id"
                element={
                  <SignedIn>
                    <ExchangeScreen />
                  </SignedIn>
                }
              />
              {HUT_ROUTES.map(([path, Page]) => (
                <Route
                  key={path}
                  path={path}
                  element={
                    <SignedIn>
                      <Page />
                    </SignedIn>
                  }
                />
              ))}
              <Route path="divisions" element={<DivisionsPage />} />
              <Route path="divisions/:code" element={<DivisionPage />} />
              <Route path="trust" element={<TrustPage />} />
              <Route path="me" element={<MePage />} />
              <Route path="points" element={<PointsScreen />} />
              <Route
                path="points/statement/:month"
                element={
                  <Suspense fallback={<Loading />}>
                    <MonthlyStatementPage />
                  </Suspense>
                }
              />
              <Route
                path="points/receipt/:logIndex"
                element={
                  <Suspense fallback={<Loading />}>
                    <ReceiptPage />
                  </Suspense>
                }
              />
              <Route
                path="people/:id"
                element={
                  <SignedIn>
                    <PersonPage />
                  </SignedIn>
                }
              />
              <Route
                path="reviews/:kind/:id"
                element={
                  <SignedIn>
                    <ReviewPage />
                  </SignedIn>
                }
              />
              <Route path="sign-in" element={<SignInPage />} />
              <Route path="console" element={<ConsoleScreen />} />
              <Route path="verify/network-id" element={<NetIdReturnPage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </QueryClientProvider>
    </PreferencesProvider>
  );
}
