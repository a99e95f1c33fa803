// Native notifications from the core's NotificationSpec.
import { Notification } from 'electron';
import type { NotificationSpec } from '../core/tray/notifications';

// Electron drops a notification's click handler if the object is garbage-collected first.
const alive = new Set<Notification>();

export function showNotification(spec: Pick<NotificationSpec, 'title' | 'body'>, onClick?: () => void): void {
  if (!Notification.isSupported()) return;
  const notification = new Notification({ title: spec.title, body: spec.body });
  alive.add(notification);
  const release = (): void => void alive.delete(notification);
  notification.on('click', () => {
    release();
    onClick?.();
  });
  notification.on('close', release);
  notification.show();
}
