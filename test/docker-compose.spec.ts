// `docker compose config` cannot run on our build machines (no Docker engine),
// so this checks what it would: the file parses and holds what README promises.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const compose = parse(readFileSync(join(__dirname, '..', 'docker-compose.yml'), 'utf8'));

describe('docker-compose.yml', () => {
  it('runs PostgreSQL, Redis, the migrator, the API and the worker', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['api', 'migrate', 'postgres', 'redis', 'worker']);
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
});
