import type { Locale } from '../../common/i18n/errors.js';

/**
 * Picks zh-CN or en from an Accept-Language header, honouring q-values; Chinese is the default
 * for anything else, as the platform is Chinese-first.
 */
export function localeFromAcceptLanguage(header: string | undefined): Locale {
  if (!header) return 'zh-CN';
  const prefs = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const qParam = params.find((p) => p.trim().startsWith('q='));
      const q = qParam ? Number(qParam.trim().slice(2)) : 1;
      return { tag: tag.toLowerCase(), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((p) => p.tag && p.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of prefs) {
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return 'zh-CN';
}
