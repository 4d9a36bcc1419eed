import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Route, Routes } from 'react-router';
import { DivisionPage } from '../features/divisions/routes/DivisionPage';
import { DivisionsPage } from '../features/divisions/routes/DivisionsPage';
import { HomePage } from '../features/home/routes/HomePage';
import { NetIdReturnPage } from '../features/identity/routes/NetIdReturnPage';
import { SignInPage } from '../features/identity/routes/SignInPage';
import { MonthlyStatementPage } from '../features/points/routes/MonthlyStatementPage';
import { ReceiptPage } from '../features/points/routes/ReceiptPage';
import { TrustPage } from '../features/trustlog/routes/TrustPage';
import { ApiError } from '../lib/api';
import { ConsoleScreen } from './ConsoleScreen';
import { Layout } from './Layout';
import { MePage } from './MePage';
import { NotFoundPage } from './NotFoundPage';
import { PointsScreen } from './PointsScreen';
import { PreferencesProvider } from './PreferencesContext';

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
              <Route path="points/statement/:month" element={<MonthlyStatementPage />} />
              <Route path="points/receipt/:logIndex" element={<ReceiptPage />} />
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
