import en from '../../../i18n/locales/en/huts.json';
import zh from '../../../i18n/locales/zh-CN/huts.json';
import { i18next } from '../../../lib/i18n';
import '../huts.css';

// The huts strings and styles travel with the huts chunks, not the first screen.
if (!i18next.hasResourceBundle('zh-CN', 'huts')) {
  i18next.addResourceBundle('zh-CN', 'huts', zh);
  i18next.addResourceBundle('en', 'huts', en);
}
