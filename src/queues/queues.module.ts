import { Global, Module } from '@nestjs/common';
import { QueueRegistry } from './queue.registry';
import { RedisService } from './redis.service';

@Global()
@Module({ providers: [RedisService, QueueRegistry], exports: [RedisService, QueueRegistry] })
export class QueuesModule {}
