import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { applyPreferences, loadPreferences } from './app/preferences';
import { initI18n } from './lib/i18n';
import './styles.css';

const prefs = loadPreferences();
applyPreferences(prefs);
void initI18n(prefs.language).then(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
