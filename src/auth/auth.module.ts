import { Global, Module } from '@nestjs/common';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';

@Global()
@Module({ providers: [AuthService, AuthGuard], exports: [AuthService, AuthGuard] })
export class AuthModule {}
