import { Global, Module } from '@nestjs/common';
import { JobEffects } from './job-effects.service';

/** What job handlers need; shared by the API (nothing runs there) and the worker. */
@Global()
@Module({ providers: [JobEffects], exports: [JobEffects] })
export class JobsModule {}
