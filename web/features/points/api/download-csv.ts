import { ApiError } from '../../../lib/api';
import { i18next } from '../../../lib/i18n';
import { filterParams, type StatementFilter } from '../lib/filter';

/**
 * Downloads my statement as CSV. Fetched (not a plain link) so the type names follow the app's
 * language rather than the browser's.
 */
export async function downloadStatementCsv(filter: StatementFilter): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`/api/me/points/statement.csv?${filterParams(filter)}`, {
      headers: { 'accept-language': i18next.language },
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError('network', 0);
  }
  if (!response.ok) {
    const problem = response.headers.get('content-type')?.includes('json')
      ? await response.json()
      : undefined;
    throw new ApiError(problem?.code ?? 'internal_error', response.status, problem);
  }
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `linli-points-${filter.month ?? 'all'}.csv`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
