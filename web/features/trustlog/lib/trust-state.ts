/**
 * What this browser remembers about the log, so the next visit can check that the log only grew:
 * the keys seen on first use (to compare with the poster), and the last verified checkpoint.
 */
export interface TrustState {
  logKey: string;
  witnessKeys: string[];
  lastCheckpoint: string | null;
}

const KEY = 'linli.trust.v1';

export function loadTrustState(): TrustState | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as TrustState) : null;
  } catch {
    return null;
  }
}

export function saveTrustState(state: TrustState): void {
  localStorage.setItem(KEY, JSON.stringify(state));
}
