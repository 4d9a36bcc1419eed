import { type Static, Type } from 'typebox';

export const NotificationSchema = Type.Object({
  id: Type.String(),
  kind: Type.String({ description: 'e.g. trustlog.entry: a log entry that names you was appended' }),
  payload: Type.Unknown(),
  createdAt: Type.Integer(),
  readAt: Type.Union([Type.Integer(), Type.Null()]),
});
export const NotificationListSchema = Type.Object({
  unread: Type.Integer(),
  items: Type.Array(NotificationSchema),
});
export type NotificationList = Static<typeof NotificationListSchema>;

/** How a person wants to be told, besides in the app (SMS only for those who opt in). */
export const NotifyPreferencesSchema = Type.Object({ sms: Type.Boolean() }, { additionalProperties: false });
export type NotifyPreferences = Static<typeof NotifyPreferencesSchema>;
