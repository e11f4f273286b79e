import { describe, expect, it } from '@jest/globals';
import {
  Check,
  declarationsOf,
  Flag,
  IN_PRODUCTION,
  Integer,
  Invalid,
  OneOf,
  Parsed,
  readSettings,
  Setting,
  SettingsGroup,
  Text,
} from './setting';

@SettingsGroup({ title: 'Example', description: 'Settings of this test.' })
class ExampleSettings {
  @Setting({ env: 'EXAMPLE_PORT', default: 3000, description: 'A port.' })
  @Integer({ min: 0, max: 65535 })
  port!: number;

  @Setting({ env: 'EXAMPLE_ENABLED', default: false, description: 'A switch.' })
  @Flag()
  enabled!: boolean;

  @Setting({ env: 'EXAMPLE_MODE', default: 'slow', description: 'A mode.' })
  @Check('isNotSlowInProduction', (mode) => mode !== 'slow', 'may not be slow in production', IN_PRODUCTION)
  @OneOf(['slow', 'fast'])
  mode!: 'slow' | 'fast';

  @Setting({ env: 'EXAMPLE_LIST', default: '1,2', description: 'A list.' })
  @Parsed('comma-separated numbers', (text) =>
    /^\d+(,\d+)*$/.test(text) ? text.split(',').map(Number) : new Invalid('must be comma-separated numbers'),
  )
  list!: number[];

  @Setting({ env: 'EXAMPLE_LIMIT', default: 10, description: 'At most EXAMPLE_PORT.' })
  @Check(
    'isAtMostPort',
    (limit, settings: ExampleSettings) => typeof limit !== 'number' || limit <= settings.port,
    'must be at most EXAMPLE_PORT',
  )
  @Integer({ min: 1 })
  limit!: number;

  @Setting({
    env: 'EXAMPLE_SECRET',
    developmentDefault: 'dev_secret_value',
    example: 'openssl rand -hex 16',
    description: 'A secret.',
  })
  @Text({ minLength: 8 })
  secret!: string;
}

const read = (env: Record<string, string | undefined>) => {
  const { values, problems } = readSettings([ExampleSettings], env);
  return { values: values as ExampleSettings, problems };
};

describe('settings', () => {
  it('reads each type from its text, and uses the default when a variable is unset or empty', () => {
    expect(read({}).values).toMatchObject({ port: 3000, enabled: false, mode: 'slow', list: [1, 2], limit: 10 });
    const { values, problems } = read({
      EXAMPLE_PORT: ' 8080 ',
      EXAMPLE_ENABLED: 'yes',
      EXAMPLE_MODE: 'fast',
      EXAMPLE_LIST: '',
      EXAMPLE_SECRET: 'a-longer-secret',
    });
    expect(problems).toEqual([]);
    expect(values).toMatchObject({ port: 8080, enabled: true, mode: 'fast', list: [1, 2], secret: 'a-longer-secret' });
    expect(read({ EXAMPLE_ENABLED: '0' }).values.enabled).toBe(false);
  });

  it('names the variable, not the property, in every problem', () => {
    expect(read({ EXAMPLE_PORT: '70000', EXAMPLE_ENABLED: 'maybe', EXAMPLE_LIST: '1,x' }).problems).toEqual([
      'EXAMPLE_PORT: EXAMPLE_PORT must not be greater than 65535',
      'EXAMPLE_ENABLED: EXAMPLE_ENABLED must be a boolean value',
      'EXAMPLE_LIST: must be comma-separated numbers',
    ]);
    expect(read({ EXAMPLE_MODE: 'medium' }).problems).toEqual([
      'EXAMPLE_MODE: EXAMPLE_MODE must be one of the following values: slow, fast',
    ]);
  });

  it('checks a rule across settings, and only once the value has its type', () => {
    expect(read({ EXAMPLE_PORT: '5', EXAMPLE_LIMIT: '6' }).problems).toEqual([
      'EXAMPLE_LIMIT: must be at most EXAMPLE_PORT',
    ]);
    expect(read({ EXAMPLE_PORT: '5', EXAMPLE_LIMIT: '5' }).problems).toEqual([]);
    expect(read({ EXAMPLE_LIMIT: 'many' }).problems).toEqual([
      'EXAMPLE_LIMIT: EXAMPLE_LIMIT must not be less than 1; EXAMPLE_LIMIT must be an integer number',
    ]);
  });

  it('uses the development default outside production only, and runs the production checks in production only', () => {
    expect(read({}).values.secret).toBe('dev_secret_value');
    expect(read({ NODE_ENV: 'test' }).values.secret).toBe('dev_secret_value');
    expect(read({ NODE_ENV: 'production' }).problems).toEqual([
      'EXAMPLE_MODE: may not be slow in production',
      'EXAMPLE_SECRET: is required when NODE_ENV=production (for example: openssl rand -hex 16)',
    ]);
    expect(read({ NODE_ENV: 'production', EXAMPLE_MODE: 'fast', EXAMPLE_SECRET: 'short' }).problems).toEqual([
      'EXAMPLE_SECRET: EXAMPLE_SECRET must be longer than or equal to 8 characters',
    ]);
    expect(read({ NODE_ENV: 'production', EXAMPLE_MODE: 'fast', EXAMPLE_SECRET: 'a-longer-secret' }).problems).toEqual(
      [],
    );
  });

  it('with both defaults: the development one outside production, the other in production, and neither required', () => {
    @SettingsGroup({ title: 'Both', description: 'A setting with both defaults.' })
    class BothDefaults {
      @Setting({ env: 'EXAMPLE_LOCAL', default: false, developmentDefault: 'true', description: 'A local switch.' })
      @Flag()
      local!: boolean;
    }
    const both = (env: Record<string, string>) => readSettings([BothDefaults], env);
    expect(both({}).values).toMatchObject({ local: true });
    expect(both({ NODE_ENV: 'test' }).values).toMatchObject({ local: true });
    expect(both({ NODE_ENV: 'production' })).toMatchObject({ values: { local: false }, problems: [] });
    expect(both({ NODE_ENV: 'production', EXAMPLE_LOCAL: 'true' }).values).toMatchObject({ local: true });
    expect(both({ NODE_ENV: 'development', EXAMPLE_LOCAL: 'false' }).values).toMatchObject({ local: false });
  });

  it('declares each setting once: variable, type, default and description, in the order of the properties', () => {
    expect(declarationsOf(ExampleSettings).map(({ env, type, default: d }) => [env, type, d])).toEqual([
      ['EXAMPLE_PORT', 'integer, 0 to 65535', 3000],
      ['EXAMPLE_ENABLED', 'boolean', false],
      ['EXAMPLE_MODE', 'one of `slow`, `fast`', 'slow'],
      ['EXAMPLE_LIST', 'comma-separated numbers', '1,2'],
      ['EXAMPLE_LIMIT', 'integer, at least 1', 10],
      ['EXAMPLE_SECRET', 'text', undefined],
    ]);
  });

  it('refuses a setting declared without a type', () => {
    class Untyped {
      @Setting({ env: 'UNTYPED', default: 'x', description: 'No type decorator.' })
      value!: string;
    }
    expect(() => declarationsOf(Untyped)).toThrow(/Untyped.value needs both @Setting and a type decorator/);
  });
});
