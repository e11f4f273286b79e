// Typed configuration, read from the environment and validated at boot: a bad
// value stops the process with a message naming the variable. Every setting
// is declared once, in ./settings (variable, type, default, checks,
// description); this file builds the AppConfig that the code injects.
import { readSettings } from './setting';
import { SETTINGS_CLASSES, type SettingValues } from './settings';
import type { KycTier, WalletTierLimits } from './settings/wallets';

export { DEFAULT_DATABASE_URL } from './settings/database';
export { DEFAULT_REDIS_URL } from './settings/queues';
export {
  DEVELOPMENT_OPERATOR_API_KEY,
  DEVELOPMENT_SECRETS_ENCRYPTION_KEYS,
  MIN_PRODUCTION_OPERATOR_KEY_LENGTH,
} from './settings/security';
export { type LogLevel, type NodeEnv, parseTrustProxy, type TrustProxy } from './settings/server';
export { type KycTier, parseWalletTierLimits, type WalletTierLimits } from './settings/wallets';

export interface AppConfigValues extends SettingValues {
  /** WALLET_LIMITS_TIER_1, _2 and _3, by tier. */
  walletTierLimits: Record<KycTier, WalletTierLimits>;
}

/** Gives AppConfig one property per setting, typed as the settings classes declare it. */
const WithSettings = class {
  constructor(values: SettingValues) {
    Object.assign(this, values);
  }
} as new (values: SettingValues) => SettingValues;

/** Injected everywhere configuration is needed; built once by loadConfig. */
export class AppConfig extends WithSettings implements AppConfigValues {
  walletTierLimits: Record<KycTier, WalletTierLimits>;

  constructor(values: SettingValues) {
    super(values);
    this.walletTierLimits = { 1: values.walletLimitsTier1, 2: values.walletLimitsTier2, 3: values.walletLimitsTier3 };
  }

  get isProduction(): boolean {
    return this.nodeEnv === 'production';
  }
}

export class ConfigurationError extends Error {}

/**
 * Validates `env` (normally process.env) and returns the configuration, or
 * throws a ConfigurationError that names every bad variable.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const { values, problems } = readSettings(SETTINGS_CLASSES, env);
  if (problems.length > 0) {
    throw new ConfigurationError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return new AppConfig(values as SettingValues);
}

/** The configuration of a process's entry point: a bad value prints what is wrong and exits 78 (EX_CONFIG). */
export function loadConfigOrExit(env: Record<string, string | undefined> = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigurationError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
