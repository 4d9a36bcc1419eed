import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { i18next } from '../lib/i18n';
import { applyPreferences, loadPreferences, type Preferences, savePreferences } from './preferences';

interface PreferencesValue extends Preferences {
  update(change: Partial<Preferences>): void;
}

const PreferencesContext = createContext<PreferencesValue | null>(null);

export function PreferencesProvider({ children }: { children: ReactNode }) {
  const [prefs, setPrefs] = useState<Preferences>(loadPreferences);
  const update = useCallback((change: Partial<Preferences>) => {
    setPrefs((current) => {
      const next = { ...current, ...change };
      savePreferences(next);
      applyPreferences(next);
      if (next.language !== i18next.language) void i18next.changeLanguage(next.language);
      return next;
    });
  }, []);
  const value = useMemo(() => ({ ...prefs, update }), [prefs, update]);
  return <PreferencesContext.Provider value={value}>{children}</PreferencesContext.Provider>;
}

export function usePreferences(): PreferencesValue {
  const value = useContext(PreferencesContext);
  if (!value) throw new Error('usePreferences outside PreferencesProvider');
  return value;
}
