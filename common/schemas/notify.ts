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
