import { useDeferredValue, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskMember, ItemSummary } from '../../../../common/schemas/huts';
import { ErrorMessage } from '../../../components/QueryState';
import { useCheckout } from '../api/actions';
import { useCatalogue, useItem } from '../api/queries';

/**
 * Desk: things kept as a count, without labels (umbrellas, paper, children's clothes), found by
 * name and given to the scanned member by quantity.
 */
export function PooledCheckout({
  hutId,
  member,
  memberCode,
  onDone,
}: {
  hutId: string;
  member: DeskMember;
  memberCode: string;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation('huts');
  const [open, setOpen] = useState(false);
  if (!open)
    return (
      <button type="button" className="button secondary block-button" onClick={() => setOpen(true)}>
        {t('pooled_open')}
      </button>
    );
  return (
    <PooledSearch
      hutId={hutId}
      member={member}
      memberCode={memberCode}
      onDone={onDone}
      onClose={() => setOpen(false)}
    />
  );
}

function PooledSearch({
  hutId,
  member,
  memberCode,
  onDone,
  onClose,
}: {
  hutId: string;
  member: DeskMember;
  memberCode: string;
  onDone: (message: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation('huts');
  const id = useId();
  const [q, setQ] = useState('');
  const query = useDeferredValue(q.trim());
  const list = useCatalogue({ hut: hutId, q: query, category: '', available: true }, query.length > 0);
  const items = query ? (list.data?.pages[0]?.items ?? []).slice(0, 8) : [];
  return (
    <div className="hut-found">
      <label className="field-label" htmlFor={`${id}-q`}>
        {t('pooled_search')}
      </label>
      <input
        id={`${id}-q`}
        className="input"
        type="search"
        maxLength={60}
        value={q}
        onChange={(e) => setQ(e.target.value)}
      />
      <ul className="hut-desk-list hut-pooled">
        {items.map((item) => (
          <PooledRow
            key={item.id}
            hutId={hutId}
            item={item}
            member={member}
            memberCode={memberCode}
            onDone={onDone}
          />
        ))}
      </ul>
      <button type="button" className="button secondary small-button" onClick={onClose}>
        {t('back')}
      </button>
    </div>
  );
}

function PooledRow({
  hutId,
  item,
  member,
  memberCode,
  onDone,
}: {
  hutId: string;
  item: ItemSummary;
  member: DeskMember;
  memberCode: string;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation('huts');
  const id = useId();
  const detail = useItem(item.id).data;
  const checkout = useCheckout(hutId);
  const [quantity, setQuantity] = useState('1');
  if (!detail?.pooled) return null;
  const n = /^\d{1,2}$/.test(quantity.trim()) ? Number(quantity) : 0;
  const ok = n >= 1 && n <= Math.min(50, detail.available);
  return (
    <li>
      <strong>{detail.title}</strong> · {t('stock_line', { n: detail.stockAvailable, m: detail.stockTotal })}
      <div className="hut-scan-row">
        <label className="sr-only" htmlFor={`${id}-n`}>
          {t('pooled_quantity', { title: detail.title })}
        </label>
        <input
          id={`${id}-n`}
          className="input"
          inputMode="numeric"
          value={quantity}
          aria-invalid={!ok ? true : undefined}
          onChange={(e) => setQuantity(e.target.value)}
        />
        <button
          type="button"
          className="button"
          disabled={!ok || checkout.isPending}
          onClick={() =>
            checkout.mutate(
              { memberCode, itemId: detail.id, quantity: n },
              {
                onSuccess: () =>
                  onDone(
                    t(detail.consumable ? 'pooled_given' : 'pooled_lent', {
                      item: detail.title,
                      count: n,
                      name: member.nickname,
                    }),
                  ),
              },
            )
          }
        >
          {detail.consumable ? t('pooled_give') : t('pooled_lend')}
        </button>
      </div>
      {!ok && (
        <p className="hut-error" role="alert">
          {t('invalid.int', { min: 1, max: Math.min(50, detail.available) })}
        </p>
      )}
      {checkout.isError && <ErrorMessage error={checkout.error} />}
    </li>
  );
}
