import { snapshotUrlOf } from '../../src/core/publish/snapshot-path.ts';
import type { Lang } from './i18n.ts';
import { displayDate, displayDateTime } from './model/format.ts';

/**
 * Whether the page runs from a snapshot (`vungxanh snapshot`, served by any static web server):
 * its config.js then says which day it holds. Such a page reads the snapshot's files instead of
 * the API, and has no live stream to subscribe to.
 */
export const snapshot = (window as { VX_SNAPSHOT?: { date: string; madeAt: string; changeFeedPosition: number } }).VX_SNAPSHOT ?? null;

/** The URL to fetch for an API GET: itself from the server, the snapshot's file for it from a snapshot. */
export function apiUrl(url: string): string {
  return snapshot === null ? url : snapshotUrlOf(url);
}

/** What the page says where the live map says "live": the day the snapshot holds, and when it was made. */
export function snapshotStamp(lang: Lang): string {
  if (snapshot === null) return '';
  const day = displayDate(snapshot.date);
  const made = displayDateTime(new Date(snapshot.madeAt));
  return lang === 'vi' ? `Ảnh chụp ngày ${day}, không cập nhật trực tiếp · tạo lúc ${made}` : `Snapshot of ${day}, not live · made ${made}`;
}
