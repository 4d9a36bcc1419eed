import en from '../../../i18n/locales/en/exchanges.json';
import zh from '../../../i18n/locales/zh-CN/exchanges.json';
import { i18next } from '../../../lib/i18n';
import '../exchanges.css';

// The exchanges strings and styles travel with the exchanges chunks, not the first screen.
if (!i18next.hasResourceBundle('zh-CN', 'exchanges')) {
  i18next.addResourceBundle('zh-CN', 'exchanges', zh);
  i18next.addResourceBundle('en', 'exchanges', en);
}
