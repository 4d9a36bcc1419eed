import { useTranslation } from 'react-i18next';
import { usePreferences } from '../../../app/PreferencesContext';

/** Language and large-text mode, kept on this device. */
export function DisplaySettings() {
  const { t } = useTranslation('settings');
  const prefs = usePreferences();
  return (
    <>
      <section className="card">
        <h2 id="lang-label">{t('language')}</h2>
        <fieldset className="segmented" aria-labelledby="lang-label">
          {(['zh-CN', 'en'] as const).map((lng) => (
            <label key={lng} className="segment" lang={lng}>
              <input
                type="radio"
                name="language"
                value={lng}
                checked={prefs.language === lng}
                onChange={() => prefs.update({ language: lng })}
              />
              {t(`language_name.${lng}`)}
            </label>
          ))}
        </fieldset>
      </section>
      <section className="card">
        <h2>{t('display')}</h2>
        <label className="switch-row">
          <span>
            <span className="row-title">{t('large_text')}</span>
            <span className="row-sub">{t('large_text_hint')}</span>
          </span>
          <input
            type="checkbox"
            className="switch"
            checked={prefs.largeText}
            onChange={(e) => prefs.update({ largeText: e.target.checked })}
          />
        </label>
      </section>
    </>
  );
}
