import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { Loading } from '../components/QueryState';
import { DivisionPage } from '../features/divisions/routes/DivisionPage';
import { DivisionsPage } from '../features/divisions/routes/DivisionsPage';
import { HomePage } from '../features/home/routes/HomePage';
import { NetIdReturnPage } from '../features/identity/routes/NetIdReturnPage';
import { SignInPage } from '../features/identity/routes/SignInPage';
import { TrustPage } from '../features/trustlog/routes/TrustPage';
import { ApiError } from '../lib/api';
import { ConsoleScreen } from './ConsoleScreen';
import { Layout } from './Layout';
import { MePage } from './MePage';
import { NotFoundPage } from './NotFoundPage';
import { PointsScreen } from './PointsScreen';
import { PreferencesProvider } from './PreferencesContext';
import { PersonScreen, ReviewScreen } from './ReviewsScreens';

// The love bank's pages load on first visit, so the first screen stays small.
const MonthlyStatementPage = lazy(() =>
  import('../features/points/routes/MonthlyStatementPage').then((m) => ({ default: m.MonthlyStatementPage })),
);
const ReceiptPage = lazy(() =>
  import('../features/points/routes/ReceiptPage').then((m) => ({ default: m.ReceiptPage })),
);

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
              <Route index element={<HomePage />} />
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
              <Route path="people/:id" element={<PersonScreen />} />
              <Route path="reviews/:kind/:id" element={<ReviewScreen />} />
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
