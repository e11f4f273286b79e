// What the API and the worker tell a parent process (the launcher) over the
// IPC channel once they are ready, and how they stop when it goes. Without a
// parent they send nothing.
import { QUEUE_DASHBOARD_PATH } from '../queue-dashboard/queue-dashboard';

export interface ApiUrls {
  api: string;
  docs: string;
  queues: string;
}

export interface ReadyMessage {
  type: 'tally.ready';
  role: 'api' | 'worker';
  urls: ApiUrls;
}

export function isReadyMessage(message: unknown): message is ReadyMessage {
  return typeof message === 'object' && message !== null && (message as ReadyMessage).type === 'tally.ready';
}

/**
 * The URLs of an API listening on `host`:`port`; an unspecified address and
 * IPv4 loopback (the development default) are shown as localhost, as the
 * docs write them: both answer there on IPv4.
 */
export function apiUrls(host: string, port: number): ApiUrls {
  const local = ['0.0.0.0', '::', '', '127.0.0.1'].includes(host);
  const shownHost = local ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const api = `http://${shownHost}:${port}`;
  return { api, docs: `${api}/docs`, queues: `${api}${QUEUE_DASHBOARD_PATH}` };
}

export function tellParentReady(role: ReadyMessage['role'], urls: ApiUrls): void {
  const message: ReadyMessage = { type: 'tally.ready', role, urls };
  process.send?.(message);
}

/**
 * For a process started with an IPC channel (by the launcher): when the
 * parent goes away, however it ended (SIGKILL too, which runs none of its exit
 * hooks), the channel closes; the process then stops as on SIGTERM (draining
 * requests, finishing jobs), so that nothing the launcher started outlives it.
 * Without a channel (`npm run start:api`, containers) it does nothing.
 */
export function stopWhenParentGoes(): void {
  if (!process.send) return;
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
