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
    const assignments = read(ENV_EXAMPLE_PATH)
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]);
    expect(assignments.map(([name]) => name)).toEqual(names);
    const example = loadConfig(Object.fromEntries(assignments));
    expect({ ...example }).toEqual({ ...loadConfig({}) });
    expect(example.webhookRetryScheduleSeconds).toEqual([5, 300, 1800, 7200, 18000, 36000, 36000, 86400]);
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
