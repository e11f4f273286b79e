#!/usr/bin/env node
// A webhook receiver for trying Tally locally (docs/getting-started.md): it
// listens on 127.0.0.1, verifies every delivery's Standard Webhooks signature
// with the endpoint's secret (the `standardwebhooks` package, the same scheme
// Tally signs with: see docs/webhooks.md), and prints one line per delivery.
// A delivery that fails verification is answered 400, so Tally retries it.
// `standardwebhooks` is a devDependency: `npm ci` installs it for everyone who
// tries Tally from a checkout, and the production image needs no receiver.
//
//   WEBHOOK_SECRET=whsec_... node scripts/webhook-receive.mjs [port]    (port 4242 by default)
import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';

const MAX_BODY_BYTES = 1024 * 1024;
const secret = process.env.WEBHOOK_SECRET;
if (!secret?.startsWith('whsec_')) {
  console.error('set WEBHOOK_SECRET to the endpoint secret (whsec_...) that Tally returned when you created the endpoint');
  process.exit(2);
}
const port = Number(process.argv[2] ?? 4242);
const webhook = new Webhook(secret);

const server = createServer((request, response) => {
  const chunks = [];
  let size = 0;
  request.on('data', (chunk) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) request.destroy();
    else chunks.push(chunk);
  });
  request.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    try {
      // Checks the HMAC of `${webhook-id}.${webhook-timestamp}.${body}` and that the timestamp is recent.
      const event = webhook.verify(body, request.headers);
      console.log(`verified ${event.type} ${event.id} (webhook-id ${request.headers['webhook-id']})`);
      response.writeHead(204).end();
    } catch (error) {
      console.log(`refused a delivery: ${error.message}`);
      response.writeHead(400, { 'Content-Type': 'text/plain' }).end('signature verification failed\n');
    }
  });
});
server.listen(port, '127.0.0.1', () => console.log(`receiving webhooks on http://127.0.0.1:${port}/`));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
