import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseVerifierKey } from '../../../../common/tlog/note';
import { type ReceiptVerdict, verifyReceipt } from '../../../../common/tlog/verify-receipt';
import { canonicalJson, ed25519Verify, sha256 } from '../lib/browser-crypto';
import { loadTrustState } from '../lib/trust-state';

/** Checks a receipt file entirely in the browser, against the keys this browser pinned. */
export function ReceiptVerifier() {
  const { t } = useTranslation('trustlog');
  const id = useId();
  const [verdict, setVerdict] = useState<ReceiptVerdict | null>(null);
  const [busy, setBusy] = useState(false);

  async function check(text: string) {
    const state = loadTrustState();
    if (!state) return;
    setBusy(true);
    try {
      const witnesses = state.witnessKeys.map((k) => parseVerifierKey(sha256, k));
      setVerdict(
        await verifyReceipt(
          text,
          { logKey: parseVerifierKey(sha256, state.logKey), witnesses, minWitnesses: 0 },
          sha256,
          ed25519Verify,
          canonicalJson,
        ),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('receipt_title')}</h2>
      <p className="muted">{t('receipt_hint')}</p>
      <label className="button secondary file-button" htmlFor={id}>
        {t('receipt_choose')}
      </label>
      <input
        id={id}
        type="file"
        className="sr-only"
        accept=".tlog-proof,text/plain"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void file.text().then(check);
        }}
      />
      {busy && <p role="status">{t('receipt_checking')}</p>}
      {verdict && (
        <div className={verdict.ok ? 'verdict ok' : 'verdict bad'} role="status" aria-live="polite">
          <p className="verdict-title">
            {verdict.ok ? t('receipt_ok', { index: verdict.index?.toString() }) : t('receipt_bad')}
          </p>
          {verdict.ok ? (
            <>
              <p>
                {t('receipt_in_log', {
                  origin: verdict.checkpoint?.origin,
                  size: verdict.checkpoint?.size.toString(),
                })}
              </p>
              {verdict.cosignedBy.map((c) => (
                <p key={c.name}>{t('receipt_cosigned', { name: c.name })}</p>
              ))}
              <pre className="evidence">{JSON.stringify(verdict.entry, null, 2)}</pre>
            </>
          ) : (
            <p>{t('receipt_reason', { reason: verdict.reason })}</p>
          )}
        </div>
      )}
    </section>
  );
}
