// Each setting is declared once: a property of a settings class (one class per
// concern, in ./settings), decorated with @Setting (its environment variable,
// default and description) and with one type decorator (how its text is read
// and checked, and how its type reads in the docs). readSettings validates the
// classes with class-validator at boot; config-docs renders .env.example and
// docs/configuration.md from the same declarations.
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  IsTimeZone,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  validateSync,
  type ValidationError,
  type ValidationOptions,
} from 'class-validator';

/** The variable that switches production on (`NODE_ENV=production`). */
export const NODE_ENV = 'NODE_ENV';

/** Validation group of the checks that apply only in production: pass as a decorator's options. */
export const IN_PRODUCTION: ValidationOptions = { groups: ['production'] };

export interface SettingOptions {
  /** The environment variable. */
  env: string;
  /** For operators, in a sentence or two: what it does, when to change it. */
  description: string;
  /** Used when the variable is unset or empty, written as it would be in the environment. */
  default?: string | number | boolean;
  /**
   * Used outside production when the variable is unset. Production uses `default` instead, or requires the
   * variable when there is no `default` (a secret with no safe value).
   */
  developmentDefault?: string;
  /** How to make a production value (a shell command), shown when production lacks one. */
  example?: string;
  /** Shown in the docs in place of the default, for a value that reads badly printed. */
  defaultShownAs?: string;
  /**
   * For a variable whose absence Tally decides on at start (the launcher looks for a PostgreSQL or a Redis and
   * picks): what it decides, in a phrase. .env.example writes such a variable commented out, since a `.env` copied
   * from it must not turn that off: a URL set, even to its default, takes the decision away, and a mode written out
   * (`auto`) reads as a choice made rather than one left to Tally.
   */
  decidedAtStart?: string;
}

export interface SettingDeclaration extends SettingOptions {
  /** The AppConfig property that holds the parsed value. */
  property: string;
  /** How the type reads in the docs. */
  type: string;
}

export interface SettingsGroupOptions {
  title: string;
  description: string;
}

export type SettingsClass = new () => object;

const groups = new Map<object, SettingsGroupOptions>();
/** Per settings class, what its decorators declared of each property, in the order of the properties. */
const declared = new Map<object, Map<string, Declared>>();
interface Declared {
  options?: SettingOptions;
  type?: string;
}

function declaration(prototype: object, property: string | symbol): Declared {
  const byProperty = declared.get(prototype.constructor) ?? new Map<string, Declared>();
  declared.set(prototype.constructor, byProperty);
  const entry = byProperty.get(String(property)) ?? {};
  byProperty.set(String(property), entry);
  return entry;
}

/** Names a settings class's concern, for the docs. */
export function SettingsGroup(options: SettingsGroupOptions): ClassDecorator {
  return (target) => {
    groups.set(target, options);
  };
}

export function Setting(options: SettingOptions): PropertyDecorator {
  return (prototype, property) => {
    declaration(prototype, property).options = options;
  };
}

/** A type decorator: records how the type reads in the docs, then applies the decorators that read and check it. */
function typed(label: string, ...decorators: PropertyDecorator[]): PropertyDecorator {
  return (prototype, property) => {
    declaration(prototype, property).type = label;
    for (const decorate of decorators) decorate(prototype, property);
  };
}

const toInteger = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

const toBoolean = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  if (['true', '1', 'yes'].includes(value.toLowerCase())) return true;
  if (['false', '0', 'no', ''].includes(value.toLowerCase())) return false;
  return value;
};

export function Integer({ min, max }: { min: number; max?: number }): PropertyDecorator {
  const label = max === undefined ? `integer, at least ${min}` : `integer, ${min} to ${max}`;
  return typed(label, ...(max === undefined ? [] : [Max(max)]), Min(min), IsInt(), Transform(toInteger));
}

/** `true`/`false` (also `1`/`0`, `yes`/`no`). */
export function Flag(): PropertyDecorator {
  return typed('boolean', IsBoolean(), Transform(toBoolean));
}

export function OneOf(values: readonly string[]): PropertyDecorator {
  const listed = values.map((v) => `\`${v}\``).join(', ');
  return typed(values.length > 1 ? `one of ${listed}` : listed, IsIn(values));
}

export function Text({ minLength, maxLength }: { minLength?: number; maxLength?: number } = {}): PropertyDecorator {
  return typed(
    'text',
    ...(maxLength === undefined ? [] : [MaxLength(maxLength)]),
    ...(minLength === undefined ? [] : [MinLength(minLength)]),
    IsString(),
  );
}

/** A URL with one of `protocols` (`postgresql:`); `aliases` (`postgres:`) are accepted too but not advertised. */
export function Url(protocols: readonly string[], aliases: readonly string[] = []): PropertyDecorator {
  const schemes = protocols.map((p) => `${p}//`);
  return typed(
    `${schemes.map((s) => `\`${s}\``).join(' or ')} URL`,
    Check('isUrl', (value) => hasProtocol(value, [...protocols, ...aliases]), `must be a ${schemes.join(' or ')} URL`),
  );
}

export function TimeZone(): PropertyDecorator {
  return typed('IANA time zone', IsTimeZone({ message: 'must be an IANA time zone such as Asia/Shanghai' }));
}

function hasProtocol(value: unknown, protocols: readonly string[]): boolean {
  if (typeof value !== 'string') return false;
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** What a parser returns for text it cannot read: the problem, worded to follow the variable's name ("must be ..."). */
export class Invalid {
  constructor(readonly problem: string) {}
}

/** Text read by `parse` into a value of its own type (a list, a record), or refused with the problem it names. */
export function Parsed<T>(label: string, parse: (text: string) => T | Invalid): PropertyDecorator {
  return typed(
    label,
    ValidateBy({
      name: 'parsed',
      validator: {
        validate: (value) => value !== undefined && !(value instanceof Invalid),
        defaultMessage: (args) => (args?.value instanceof Invalid ? args.value.problem : 'is required'),
      },
    }),
    Transform(({ value }) => (typeof value === 'string' ? parse(value) : value)),
  );
}

/**
 * A rule beyond the type, named `name` among the setting's rules. `isValid`
 * sees the parsed value and the other settings of the same class (for rules
 * across settings); a value that failed its type is refused by the type, so a
 * rule should accept what it cannot judge.
 */
export function Check<S = Record<string, unknown>>(
  name: string,
  isValid: (value: unknown, settings: S) => boolean,
  message: string,
  options: ValidationOptions = {},
): PropertyDecorator {
  return ValidateBy(
    { name, validator: { validate: (value, args) => isValid(value, args?.object as S) } },
    { ...options, message },
  );
}

/** The declarations of a settings class, in the order of its properties. */
export function declarationsOf(settingsClass: SettingsClass): SettingDeclaration[] {
  return [...(declared.get(settingsClass) ?? [])].map(([property, { options, type }]) => {
    if (!options || type === undefined) {
      throw new Error(`${settingsClass.name}.${property} needs both @Setting and a type decorator`);
    }
    return { ...options, property, type };
  });
}

export function groupOf(settingsClass: SettingsClass): SettingsGroupOptions {
  const group = groups.get(settingsClass);
  if (!group) throw new Error(`${settingsClass.name} has no @SettingsGroup`);
  return group;
}

/**
 * Reads and validates every setting of `classes` from `env`. Returns the
 * parsed values by property, and one problem per bad variable, each starting
 * with the variable's name.
 */
export function readSettings(
  classes: readonly SettingsClass[],
  env: Record<string, string | undefined>,
): { values: object; problems: string[] } {
  // Empty strings mean "not set", as in a .env file with `KEY=`.
  const given = (name: string) => (env[name] === '' ? undefined : env[name]);
  const production = given(NODE_ENV) === 'production';
  const values = {};
  const problems: string[] = [];
  for (const settingsClass of classes) {
    const declarations = declarationsOf(settingsClass);
    const texts: Record<string, string | undefined> = {};
    const problemOf = new Map<string, string>();
    for (const setting of declarations) {
      const fallback = production ? setting.default : (setting.developmentDefault ?? setting.default);
      texts[setting.property] = given(setting.env) ?? (fallback === undefined ? undefined : String(fallback));
      if (texts[setting.property] === undefined && setting.developmentDefault !== undefined) {
        const example = setting.example ? ` (for example: ${setting.example})` : '';
        problemOf.set(setting.property, `${setting.env}: is required when ${NODE_ENV}=production${example}`);
      }
    }
    const settings = plainToInstance(settingsClass, texts);
    // Strict groups: the production checks run only when asked for; `always`: the others run every time.
    const errors = validateSync(settings, {
      groups: production ? IN_PRODUCTION.groups : [],
      strictGroups: true,
      always: true,
    });
    for (const error of errors) {
      if (!problemOf.has(error.property)) problemOf.set(error.property, describe(error, settingsClass));
    }
    for (const { property } of declarations) {
      const problem = problemOf.get(property);
      if (problem) problems.push(problem);
    }
    Object.assign(values, settings);
  }
  return { values, problems };
}

/** "PORT: PORT must not be greater than 65535": class-validator's messages, naming the variable, not the property. */
function describe(error: ValidationError, settingsClass: SettingsClass): string {
  const env = declared.get(settingsClass)!.get(error.property)!.options!.env;
  const messages = Object.values(error.constraints ?? {}).map((message) =>
    message.startsWith(`${error.property} `) ? env + message.slice(error.property.length) : message,
  );
  return `${env}: ${messages.join('; ')}`;
}
