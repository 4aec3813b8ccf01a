/** The alert inbox's and webhooks' words, in Vietnamese and English (docs/alerts.md). */
const vi = {
  inboxTitle: 'Hộp cảnh báo',
  onlyOpen: 'Chỉ cảnh báo chưa xác nhận',
  empty: 'Không có cảnh báo nào trong phạm vi của bạn.',
  more: 'Xem thêm',
  markRead: 'Đánh dấu đã đọc',
  acknowledge: 'Xác nhận',
  unread: 'Chưa đọc',
  acknowledged: (who: string, when: string) => `Đã xác nhận: ${who}, ${when}`,
  raisedAt: (when: string) => `nhận lúc ${when}`,
  severity: { info: 'Thông tin', warning: 'Cảnh báo', critical: 'Nghiêm trọng' } as Record<string, string>,
  live: 'Đang nhận cảnh báo trực tiếp.',
  liveLost: 'Mất kết nối trực tiếp, đang kết nối lại…',
  arrived: (message: string) => `Cảnh báo mới: ${message}`,
  failed: (detail: string) => `Không thực hiện được: ${detail}`,
  actionsFor: (message: string) => `Thao tác với cảnh báo: ${message}`,
};

const en: typeof vi = {
  inboxTitle: 'Alert inbox',
  onlyOpen: 'Only alerts not acknowledged',
  empty: 'No alert within your scope.',
  more: 'More',
  markRead: 'Mark read',
  acknowledge: 'Acknowledge',
  unread: 'Unread',
  acknowledged: (who: string, when: string) => `Acknowledged by ${who}, ${when}`,
  raisedAt: (when: string) => `raised ${when}`,
  severity: { info: 'Information', warning: 'Warning', critical: 'Critical' },
  live: 'Receiving alerts live.',
  liveLost: 'Live connection lost, reconnecting…',
  arrived: (message: string) => `New alert: ${message}`,
  failed: (detail: string) => `Could not do it: ${detail}`,
  actionsFor: (message: string) => `Actions on alert: ${message}`,
};

export const INBOX_STRINGS = { vi, en };
