// Whether something accepts a TCP connection at host:port within `timeoutMs`:
// how the test tooling (global-setup.cjs, scripts/test.mjs) tells which
// services run.
const net = require('node:net');

function reachable(host, port, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: timeoutMs }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
    socket.on('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

module.exports = { reachable };
