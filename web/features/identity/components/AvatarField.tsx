import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../../common/schemas/identity';
import { ErrorMessage } from '../../../components/QueryState';
import { apiFetch } from '../../../lib/api';
import { sessionKey } from '../api/session';

/** My profile picture: choose a photo; the server checks it and keeps a small square copy. */
export function AvatarField({ me }: { me: Me }) {
  const { t } = useTranslation('identity');
  const id = useId();
  const client = useQueryClient();
  const refresh = () => void client.invalidateQueries({ queryKey: sessionKey });
  const upload = useMutation({
    mutationFn: (file: File) =>
      apiFetch<{ avatarUrl: string }>('/api/me/avatar', {
        method: 'PUT',
        body: file,
        // The server decides from the bytes; an unknown type is sent as is and refused plainly.
        headers: { 'content-type': file.type || 'application/octet-stream' },
      }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: () => apiFetch<void>('/api/me/avatar', { method: 'DELETE' }),
    onSuccess: refresh,
  });
  return (
    <div className="avatar-row">
      {me.avatarUrl ? (
        <img className="avatar" src={me.avatarUrl} alt={t('avatar_alt', { name: me.nickname })} />
      ) : (
        <span className="avatar avatar-empty" aria-hidden="true">
          {me.nickname.slice(0, 1)}
        </span>
      )}
      <span className="row-main">
        <span className="button-row">
          <label className="button secondary small-button file-button" htmlFor={`${id}-f`}>
            {me.avatarUrl ? t('avatar_change') : t('avatar_choose')}
          </label>
          <input
            id={`${id}-f`}
            className="sr-only"
            type="file"
            accept="image/jpeg,image/png,image/webp"
            aria-label={t('avatar_choose')}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) upload.mutate(file);
              e.target.value = '';
            }}
          />
          {me.avatarUrl && (
            <button type="button" className="button secondary small-button" onClick={() => remove.mutate()}>
              {t('avatar_remove')}
            </button>
          )}
        </span>
        <span className="small muted">{t('avatar_hint')}</span>
        {upload.isPending && <span className="small">{t('avatar_uploading')}</span>}
        {(upload.isError || remove.isError) && <ErrorMessage error={upload.error ?? remove.error} />}
      </span>
    </div>
  );
}
