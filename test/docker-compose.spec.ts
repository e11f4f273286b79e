// `docker compose config` cannot run on our build machines (no Docker engine),
// so this checks what it would: the file parses and holds what README promises.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

// Merge keys (`<<: *anchor`) as Compose reads them.
const compose = parse(readFileSync(join(__dirname, '..', 'docker-compose.yml'), 'utf8'), { merge: true });
const PRODUCTION_SERVICES = ['api', 'migrate', 'postgres', 'redis', 'worker'];
const DEV_SERVICES = ['api-dev', 'migrate-dev', 'worker-dev'];

describe('docker-compose.yml', () => {
  it('runs PostgreSQL, Redis, the migrator, the API and the worker', () => {
    expect(Object.keys(compose.services).sort()).toEqual([...PRODUCTION_SERVICES, ...DEV_SERVICES].sort());
    // `docker compose up` starts the production services only: the others are in the dev profile.
    for (const name of PRODUCTION_SERVICES) expect([name, compose.services[name].profiles]).toEqual([name, undefined]);
    // The API runs with the Node flags of `npm run start:api`, in Compose and in the image.
    const startApi = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).scripts['start:api'];
    expect(startApi).toBe('node --max-semi-space-size=64 dist/main.js');
    expect(compose.services.api.command).toEqual(startApi.split(' '));
    const dockerfile = readFileSync(join(__dirname, '..', 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain(`CMD ${JSON.stringify(startApi.split(' '))}`.replace(/","/g, '", "'));
    expect(compose.services.worker.command).toEqual(['node', 'dist/worker.js']);
    expect(compose.services.migrate.command).toEqual(['node', 'dist/database/migrate.main.js']);
    expect(compose.services.api.depends_on.migrate.condition).toBe('service_completed_successfully');
  });

  it('configures Redis as BullMQ asks for production', () => {
    const command: string[] = compose.services.redis.command;
    expect(command.join(' ')).toContain('--appendonly yes');
    expect(command.join(' ')).toContain('--appendfsync everysec');
    expect(command.join(' ')).toContain('--maxmemory-policy noeviction');
  });

  it('runs production with an operator key and secrets encryption keys that must be supplied', () => {
    expect(compose.services.api.environment.NODE_ENV).toBe('production');
    expect(compose.services.api.environment.OPERATOR_API_KEY).toMatch(/^\$\{OPERATOR_API_KEY:\?/);
    expect(compose.services.api.environment.SECRETS_ENCRYPTION_KEYS).toMatch(/^\$\{SECRETS_ENCRYPTION_KEYS:\?/);
  });

  it('has a dev profile that runs Tally in development mode, reachable from this machine only', () => {
    const [migrate, api, worker] = ['migrate-dev', 'api-dev', 'worker-dev'].map((name) => compose.services[name]);
    for (const service of [migrate, api, worker]) {
      expect(service.profiles).toEqual(['dev']);
      expect(service.build).toBe('.');
      // Development defaults: no operator key, sealing keys or sandbox switch given, so the documented
      // development key works; NODE_ENV overrides the image's production.
      expect(service.environment.NODE_ENV).toBe('development');
      for (const name of ['OPERATOR_API_KEY', 'SECRETS_ENCRYPTION_KEYS', 'ALLOW_SANDBOX_BANK']) {
        expect([name, service.environment[name]]).toEqual([name, undefined]);
      }
      expect(service.environment.DATABASE_URL).toBe('postgresql://postgres@127.0.0.1:5432/tally');
      expect(service.environment.REDIS_URL).toBe('redis://127.0.0.1:6379');
      // On the host's network (no ports published), so that http://localhost webhooks reach this machine.
      expect(service.network_mode).toBe('host');
      expect(service.ports).toBeUndefined();
    }
    expect(api.environment.HOST).toBe('127.0.0.1');
    expect(api.command).toEqual(compose.services.api.command);
    expect(worker.command).toEqual(compose.services.worker.command);
    expect(migrate.command).toEqual(compose.services.migrate.command);
    expect(api.depends_on['migrate-dev'].condition).toBe('service_completed_successfully');
    expect(worker.depends_on['migrate-dev'].condition).toBe('service_completed_successfully');
    // What they reach on 127.0.0.1 is published there only.
    for (const name of ['postgres', 'redis']) {
      for (const port of compose.services[name].ports) expect(port).toMatch(/^127\.0\.0\.1:/);
    }
  });
});
