import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { errorMessages, type Locale } from '../../common/i18n/errors';
import { transferTypeNames } from '../../common/i18n/points';
import enCommon from '../i18n/locales/en/common.json';
import enDivisions from '../i18n/locales/en/divisions.json';
import enHome from '../i18n/locales/en/home.json';
import enIdentity from '../i18n/locales/en/identity.json';
import enNotify from '../i18n/locales/en/notify.json';
import enPoints from '../i18n/locales/en/points.json';
import enReviews from '../i18n/locales/en/reviews.json';
import enSettings from '../i18n/locales/en/settings.json';
import enTrustlog from '../i18n/locales/en/trustlog.json';
import zhCommon from '../i18n/locales/zh-CN/common.json';
import zhDivisions from '../i18n/locales/zh-CN/divisions.json';
import zhHome from '../i18n/locales/zh-CN/home.json';
import zhIdentity from '../i18n/locales/zh-CN/identity.json';
import zhNotify from '../i18n/locales/zh-CN/notify.json';
import zhPoints from '../i18n/locales/zh-CN/points.json';
import zhReviews from '../i18n/locales/zh-CN/reviews.json';
import zhSettings from '../i18n/locales/zh-CN/settings.json';
import zhTrustlog from '../i18n/locales/zh-CN/trustlog.json';

export const resources = {
  'zh-CN': {
    common: zhCommon,
    divisions: zhDivisions,
    home: zhHome,
    identity: zhIdentity,
    notify: zhNotify,
    points: zhPoints,
    // Transfer type names are shared with the server's CSV statement.
    points_types: transferTypeNames['zh-CN'],
    reviews: zhReviews,
    settings: zhSettings,
    trustlog: zhTrustlog,
    errors: errorMessages['zh-CN'],
  },
  en: {
    common: enCommon,
    divisions: enDivisions,
    home: enHome,
    identity: enIdentity,
    notify: enNotify,
    points: enPoints,
    points_types: transferTypeNames.en,
    reviews: enReviews,
    settings: enSettings,
    trustlog: enTrustlog,
    errors: errorMessages.en,
  },
} as const;

export function initI18n(language: Locale) {
  return i18next.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'zh-CN',
    defaultNS: 'common',
    ns: [
      'common',
      'divisions',
      'home',
      'identity',
      'notify',
      'points',
      'points_types',
      'reviews',
      'settings',
      'trustlog',
      'errors',
    ],
    interpolation: { escapeValue: false },
    returnNull: false,
  });
}

export { i18next };
