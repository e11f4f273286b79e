import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiOkResponse, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors';
import QRCode from 'qrcode';
import { Auth, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import type { FastifyRequest } from 'fastify';
import { GroupCommitted, PlainSqlTransaction } from '../idempotency/idempotency.interceptor';
import {
  CancelPaymentIntentDto,
  CapturePaymentIntentDto,
  CreatePaymentIntentDto,
  ListPaymentIntentsQueryDto,
} from './payment-intents.dto';
import { PaymentIntentsService } from './payment-intents.service';
import { PayerPaymentIntentView, PaymentIntentListView, PaymentIntentView } from './payment-intents.view';

@ApiTags('payment_intents')
@ApiExtraModels(PaymentIntentView, PayerPaymentIntentView)
@Controller('v1/payment_intents')
export class PaymentIntentsController {
  constructor(private readonly intents: PaymentIntentsService) {}

  /** Create a payment intent; its `qr_code` is what the customer's wallet app scans. */
  @Post()
  @GroupCommitted()
  @HttpCode(200) // as @GroupCommitted answers: the Swagger plugin reads only a literal @HttpCode
  @Auth('merchant')
  @ApiOkResponse({ type: PaymentIntentView })
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreatePaymentIntentDto,
    @Req() request: FastifyRequest,
  ) {
    return this.intents.create({ merchantId: principal.id, input: body, idempotency: request.idempotentRequest });
  }

  /** List the merchant's payment intents, newest first. */
  @Get()
  @Auth('merchant')
  @ApiOkResponse({ type: PaymentIntentListView })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListPaymentIntentsQueryDto) {
    return this.intents.list(principal.id, query);
  }

  /** Retrieve a payment intent: the merchant's own, or for a customer one open to pay or paid by them. */
  @Get(':id')
  @Auth('merchant', 'customer')
  @ApiOkResponse({
    description: "The merchant's view for its merchant, the payer's for a customer.",
    schema: { oneOf: [{ $ref: getSchemaPath(PaymentIntentView) }, { $ref: getSchemaPath(PayerPaymentIntentView) }] },
  })
  retrieve(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.intents.retrieve(principal, id);
  }

  /** The intent's QR code as an SVG image, for the checkout to display. */
  @Get(':id/qr.svg')
  @Auth('merchant')
  @Header('Content-Type', 'image/svg+xml')
  @ApiProduces('image/svg+xml')
  @ApiOkResponse({ content: { 'image/svg+xml': { schema: { type: 'string' } } }, description: 'An SVG image.' })
  async qrSvg(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<string> {
    const text = await this.intents.qrCodeOf(principal.id, id);
    return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  }

  /** The customer pays (the wallet app scanned the QR code). */
  @Post(':id/confirm')
  @GroupCommitted()
  @HttpCode(200) // as @GroupCommitted answers: the Swagger plugin reads only a literal @HttpCode
  @Auth('customer')
  @ApiOkResponse({ type: PayerPaymentIntentView })
  @ApiErrors(402, 409)
  confirm(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Req() request: FastifyRequest) {
    return this.intents.confirm({
      customerId: principal.id,
      paymentIntentId: id,
      idempotency: request.idempotentRequest,
    });
  }

  /** Capture a held payment, all or part. */
  @Post(':id/capture')
  @PlainSqlTransaction()
  @HttpCode(200)
  @Auth('merchant')
  @ApiBody({ type: CapturePaymentIntentDto, required: false })
  @ApiOkResponse({ type: PaymentIntentView })
  @ApiErrors(409)
  capture(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: CapturePaymentIntentDto) {
    return this.intents.capture(principal.id, id, body);
  }

  /** Cancel an unpaid or held payment intent; a hold is released. */
  @Post(':id/cancel')
  @PlainSqlTransaction()
  @HttpCode(200)
  @Auth('merchant')
  @ApiBody({ type: CancelPaymentIntentDto, required: false })
  @ApiOkResponse({ type: PaymentIntentView })
  @ApiErrors(409)
  cancel(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: CancelPaymentIntentDto) {
    return this.intents.cancel(principal.id, id, body);
  }
}
