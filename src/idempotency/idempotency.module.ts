import { Global, Module } from '@nestjs/common';
import { GroupCommits } from './group-committed';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyService } from './idempotency.service';

@Global()
@Module({
  providers: [IdempotencyService, IdempotencyInterceptor, GroupCommits],
  exports: [IdempotencyService, IdempotencyInterceptor, GroupCommits],
})
export class IdempotencyModule {}
