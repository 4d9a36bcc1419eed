import type { Locale } from '../../common/i18n/errors';

/** Per-device display preferences, kept in localStorage so they survive reloads. */
export interface Preferences {
  language: Locale;
  largeText: boolean;
}

const KEY = 'linli.preferences';

export function loadPreferences(): Preferences {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Preferences>;
    return {
      language: saved.language === 'en' ? 'en' : 'zh-CN',
      largeText: saved.largeText === true,
    };
  } catch {
    return { language: 'zh-CN', largeText: false };
  }
}

export function savePreferences(prefs: Preferences): void {
  localStorage.setItem(KEY, JSON.stringify(prefs));
}

/** Reflects preferences on <html>: the language for screen readers, large text for CSS. */
export function applyPreferences(prefs: Preferences): void {
  document.documentElement.lang = prefs.language;
  document.documentElement.dataset.textSize = prefs.largeText ? 'large' : 'normal';
}
