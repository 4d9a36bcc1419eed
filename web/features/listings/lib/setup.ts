import en from '../../../i18n/locales/en/listings.json';
import zh from '../../../i18n/locales/zh-CN/listings.json';
import { i18next } from '../../../lib/i18n';
import '../listings.css';

// The listings strings and styles travel with the listings chunks, not the first screen: every
// lazily loaded entry of this feature imports this module before it renders.
if (!i18next.hasResourceBundle('zh-CN', 'listings')) {
  i18next.addResourceBundle('zh-CN', 'listings', zh);
  i18next.addResourceBundle('en', 'listings', en);
}
