import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule as NestConfigModule } from '@nestjs/config';
import { SecretBox } from '../common/secret-box';
import { AppConfig, loadConfig } from './configuration';

/**
 * Makes AppConfig (and the SecretBox built from it) injectable everywhere. @nestjs/config reads `.env` (if
 * present) into the environment; loadConfig validates and types it. Tests
 * pass their own AppConfig to run against their own database and queues.
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      imports: config
        ? []
        : [
            NestConfigModule.forRoot({
              validate: (env) => {
                // Fail at boot, naming the variable; the typed copy is built below.
                loadConfig(env as Record<string, string>);
                return env;
              },
            }),
          ],
      providers: [
        { provide: AppConfig, useFactory: () => config ?? loadConfig(process.env) },
        // Seals secrets at rest with the master keys of SECRETS_ENCRYPTION_KEYS.
        {
          provide: SecretBox,
          inject: [AppConfig],
          useFactory: (c: AppConfig) => new SecretBox(c.secretsEncryptionKeys),
        },
      ],
      exports: [AppConfig, SecretBox],
    };
  }
}
