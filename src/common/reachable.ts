import { connect } from 'node:net';

/**
 * Whether something accepts TCP connections at the host and port of `url`
 * (`defaultPort` when it names none), within `timeoutMs`. Used to find the
 * default local services before choosing what to start; it does not check
 * what answers.
 */
export function answersAt(url: string, defaultPort: number, timeoutMs = 1_000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port || defaultPort) });
    const done = (answered: boolean) => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
