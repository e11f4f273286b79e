import { Global, Module } from '@nestjs/common';
import { AuthService } from './auth.service';

// AuthService serves the API and the worker; the AuthGuard is the API's (AppModule).
@Global()
@Module({ providers: [AuthService], exports: [AuthService] })
export class AuthModule {}
