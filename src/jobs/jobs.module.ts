import { Global, Module } from '@nestjs/common';
import { JobEffects } from './job-effects.service';
import { JobHandlerRegistry } from './job-handlers.registry';

/** What job handlers need; shared by the API (nothing runs there) and the worker. */
@Global()
@Module({ providers: [JobEffects, JobHandlerRegistry], exports: [JobEffects, JobHandlerRegistry] })
export class JobsModule {}
