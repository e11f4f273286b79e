import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIGURATION_DOC_PATH, ENV_EXAMPLE_PATH, renderConfigurationDoc, renderEnvExample } from './config-docs';
import { loadConfig } from './configuration';
import { declarationsOf } from './setting';
import { SETTINGS_CLASSES } from './settings';

const ROOT = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

describe('configuration docs', () => {
  it.each([
    [ENV_EXAMPLE_PATH, renderEnvExample],
    [CONFIGURATION_DOC_PATH, renderConfigurationDoc],
  ])('%s is what the settings generate (run `npm run config:docs` after changing a setting)', (path, render) => {
    expect(read(path)).toBe(render());
  });

  it('lists every variable once, and .env.example as written configures the defaults', () => {
    const names = SETTINGS_CLASSES.flatMap((settingsClass) => declarationsOf(settingsClass).map((s) => s.env));
    expect(new Set(names).size).toBe(names.length);
    // `NAME=value`, or `#NAME=value` for a variable left to be decided at start.
    const listed = read(ENV_EXAMPLE_PATH)
      .split('\n')
      .map((line) => /^(#)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line))
      .filter((match) => match !== null)
      .map(([, commented, name, value]) => ({ commented: commented !== undefined, name, value }));
    expect(listed.map(({ name }) => name)).toEqual(names);
    const assignments = listed.filter(({ commented }) => !commented).map(({ name, value }) => [name, value]);
    const example = loadConfig(Object.fromEntries(assignments));
    expect({ ...example }).toEqual({ ...loadConfig({}) });
    expect(example.webhookRetryScheduleSeconds).toEqual([5, 300, 1800, 7200, 18000, 36000, 36000, 86400]);
    // Uncommented, the others would configure their defaults too.
    const commented = listed.filter(({ commented }) => commented).map(({ name, value }) => [name, value]);
    expect({ ...loadConfig(Object.fromEntries([...assignments, ...commented])) }).toEqual({ ...loadConfig({}) });
  });

  it('leaves commented out, with what Tally decides, the variables whose absence is decided at start', () => {
    const decided = SETTINGS_CLASSES.flatMap((settingsClass) => declarationsOf(settingsClass)).filter(
      (setting) => setting.decidedAtStart !== undefined,
    );
    // The launcher reads these four as absent or present (src/launcher/launcher.ts, src/queues/queue-backend.ts).
    expect(decided.map((setting) => setting.env).sort()).toEqual([
      'DATABASE_URL',
      'EMBEDDED_POSTGRES',
      'QUEUE_BACKEND',
      'REDIS_URL',
    ]);
    const example = read(ENV_EXAMPLE_PATH);
    const doc = read(CONFIGURATION_DOC_PATH);
    for (const setting of decided) {
      expect(example).toMatch(new RegExp(`^#${setting.env}=${setting.default}$`, 'm'));
      expect(example).not.toMatch(new RegExp(`^${setting.env}=`, 'm'));
      // The note just above the line says what leaving it unset does.
      const block = example
        .slice(0, example.indexOf(`\n#${setting.env}=`))
        .split('\n\n')
        .pop()!;
      expect(block.replace(/\n# /g, ' ')).toContain(`Unset: decided at start, ${setting.decidedAtStart}.`);
      expect(doc).toMatch(new RegExp(`^\\| \`${setting.env}\` \\| [^|]+ \\| [^|]*; unset, decided at start: `, 'm'));
    }
    expect(example).toContain('a copy of this file keeps it so');
    expect(doc).toContain('so that a\n`.env` copied from it leaves them to Tally');
  });

  it('documents each variable with its type and default, by group', () => {
    const doc = read(CONFIGURATION_DOC_PATH);
    expect(doc).toContain('## Webhooks and events');
    expect(doc).toContain('| `PORT` | integer, 0 to 65535 | `3000` | The port the HTTP API listens on. |');
    expect(doc).toMatch(
      /\| `OPERATOR_API_KEY` \| text \| `tally_dev_operator_key` outside production; required in production/,
    );
    for (const settingsClass of SETTINGS_CLASSES) {
      for (const setting of declarationsOf(settingsClass)) {
        expect(setting.description.length).toBeGreaterThan(10);
        expect(doc).toContain(`| \`${setting.env}\` | `);
      }
    }
  });
});
