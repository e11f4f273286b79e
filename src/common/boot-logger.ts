import type { LoggerService } from '@nestjs/common';
import type { Logger } from 'nestjs-pino';

/**
 * Nest's own start-up chatter: a line per module initialised, per controller
 * and per route mapped (about a hundred), and its "started" lines. Logged at
 * debug, so that at the default level the start-up says only what matters
 * (the API logs one line with its URLs when it listens).
 */
const BOOT_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

/** `logger`, with Nest's start-up messages moved from info to debug. */
export function withQuietBoot(logger: Logger): LoggerService {
  const fromBoot = (params: unknown[]) => BOOT_CONTEXTS.has(params[params.length - 1] as string);
  return {
    log: (message: unknown, ...params: unknown[]) =>
      fromBoot(params) ? logger.debug(message, ...params) : logger.log(message, ...params),
    error: (message: unknown, ...params: unknown[]) => logger.error(message, ...params),
    warn: (message: unknown, ...params: unknown[]) => logger.warn(message, ...params),
    debug: (message: unknown, ...params: unknown[]) => logger.debug(message, ...params),
    verbose: (message: unknown, ...params: unknown[]) => logger.verbose(message, ...params),
    fatal: (message: unknown, ...params: unknown[]) => logger.fatal(message, ...params),
  };
}
