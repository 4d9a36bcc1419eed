import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { usePreferences } from './PreferencesContext';

const NAV = [
  { to: '/', key: 'nav.home', icon: '⌂', end: true },
  { to: '/divisions', key: 'nav.divisions', icon: '◎', end: false },
  { to: '/points', key: 'points:nav', icon: '♥', end: false },
  { to: '/trust', key: 'nav.trust', icon: '✓', end: false },
  { to: '/me', key: 'nav.me', icon: '☺', end: false },
] as const;

/** The mobile shell: a header with quick switches, the page, and the bottom navigation. */
export function Layout() {
  const { t } = useTranslation();
  const prefs = usePreferences();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('skip_to_content')}
      </a>
      <header className="app-header">
        <NavLink to="/" className="brand" aria-label={t('app_name')}>
          <img src="/icon.svg" alt="" width={32} height={32} />
          <span>{t('app_name')}</span>
        </NavLink>
        <div className="header-actions">
          <button
            type="button"
            className="chip"
            aria-pressed={prefs.largeText}
            onClick={() => prefs.update({ largeText: !prefs.largeText })}
          >
            {t('large_text_toggle')}
          </button>
          <button
            type="button"
            className="chip"
            lang={prefs.language === 'en' ? 'zh-CN' : 'en'}
            onClick={() => prefs.update({ language: prefs.language === 'en' ? 'zh-CN' : 'en' })}
          >
            {t('language_switch')}
          </button>
        </div>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        <Outlet />
      </main>
      <nav className="bottom-nav" aria-label={t('nav.label')}>
        {NAV.map((item) => (
          <NavLink key={item.to} to={item.to} end={item.end} className="bottom-nav-item">
            <span aria-hidden="true" className="bottom-nav-icon">
              {item.icon}
            </span>
            <span>{t(item.key)}</span>
          </NavLink>
        ))}
      </nav>
    </div>
  );
}
