// Which HTTP adapter should Tally run on? The same NestJS controller (a JSON
// GET and a validated JSON POST) under Express and under Fastify, loaded with
// autocannon from this process over loopback. Prints requests/s and latency.
//
//   npm run bench:http-adapter            (5 s per case, 50 connections)
//   BENCH_SECONDS=10 BENCH_CONNECTIONS=100 npm run bench:http-adapter
import 'reflect-metadata';
import { Body, Controller, Get, HttpCode, Module, Post, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import autocannon from 'autocannon';
import { IsInt, IsString, Min } from 'class-validator';

class EchoDto {
  @IsInt()
  @Min(1)
  amount!: number;

  @IsString()
  currency!: string;
}

@Controller()
class BenchController {
  @Get('ping')
  ping() {
    return { object: 'ping', ok: true };
  }

  @Post('echo')
  @HttpCode(200)
  echo(@Body() body: EchoDto) {
    return { object: 'echo', amount: body.amount, currency: body.currency };
  }
}

@Module({ controllers: [BenchController] })
class BenchModule {}

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);

async function measure(adapterName: 'express' | 'fastify', path: string, post: boolean) {
  const adapter = adapterName === 'express' ? new ExpressAdapter() : new FastifyAdapter();
  const app = await NestFactory.create(BenchModule, adapter, { logger: false });
  // EchoDto's types come from explicit validators, so no emitted metadata is needed.
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true }));
  await app.listen(0, '127.0.0.1');
  const url = `${await app.getUrl()}${path}`.replace('[::1]', '127.0.0.1');
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    method: post ? 'POST' : 'GET',
    headers: post ? { 'content-type': 'application/json' } : undefined,
    body: post ? JSON.stringify({ amount: 1099, currency: 'cny' }) : undefined,
  });
  await app.close();
  return {
    adapter: adapterName,
    route: `${post ? 'POST' : 'GET'} ${path}`,
    'req/s (avg)': Math.round(result.requests.average),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

async function main() {
  const rows = [];
  for (const [path, post] of [
    ['/ping', false],
    ['/echo', true],
  ] as const) {
    for (const adapter of ['express', 'fastify'] as const) rows.push(await measure(adapter, path, post));
  }
  console.log(`HTTP adapter benchmark: ${connections} connections, ${seconds} s per case, Node ${process.version}`);
  console.table(rows);
}

void main();
