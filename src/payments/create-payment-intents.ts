// Creating payment intents, group-committed (idempotency/group-committed.ts):
// one transaction for a batch of creations checks every idempotency key,
// inserts every new intent in one statement, and with COMMIT writes their
// expiry jobs, events and stored responses.
import { Injectable } from '@nestjs/common';
import { newId } from '../common/ids';
import { toMinorUnits } from '../common/money';
import type { Sql } from '../database/sql';
import { EventsService } from '../events/events.service';
import { GroupCommits, type GroupAnswers, type GroupOutcome, type GroupRequest } from '../idempotency/group-committed';
import { OutboxService } from '../outbox/outbox.service';
import { CreatePaymentIntentDto, DEFAULT_EXPIRES_IN_SECONDS } from './payment-intents.dto';
import { expiryJob } from './payment-intents.model';
import { PaymentIntentsRepository, type NewIntentRow } from './payment-intents.repository';
import { paymentIntentView } from './payment-intents.view';

export interface CreateIntentRequest extends GroupRequest {
  merchantId: string;
  input: CreatePaymentIntentDto;
}

@Injectable()
export class CreatePaymentIntents {
  readonly submit: (request: CreateIntentRequest) => Promise<GroupOutcome>;

  constructor(
    groups: GroupCommits,
    private readonly intents: PaymentIntentsRepository,
    private readonly events: EventsService,
    private readonly outbox: OutboxService,
  ) {
    this.submit = groups.create<CreateIntentRequest, void>({
      name: 'CreatePaymentIntents',
      maxBatchSize: 64,
      read: async () => undefined,
      decide: (sql, requests, answers) => this.createBatch(sql, requests, answers),
    });
  }

  private async createBatch(sql: Sql, requests: readonly CreateIntentRequest[], answers: GroupAnswers): Promise<void> {
    const created: { index: number; id: string; expiresAt: Date }[] = [];
    const rows: NewIntentRow[] = [];
    requests.forEach(({ merchantId, input }, index) => {
      if (!answers.open(index)) return;
      try {
        const id = newId('paymentIntent');
        const expiresAt = new Date(Date.now() + (input.expires_in ?? DEFAULT_EXPIRES_IN_SECONDS) * 1000);
        rows.push({
          id,
          merchant_id: merchantId,
          amount: toMinorUnits(input.amount).toString(),
          currency: input.currency,
          capture_method: input.capture_method ?? 'automatic',
          description: input.description ?? null,
          metadata: input.metadata ?? {},
          expires_at: expiresAt.toISOString(),
        });
        created.push({ index, id, expiresAt });
      } catch (error) {
        answers.fail(index, error);
      }
    });
    if (rows.length === 0) return;
    const byId = new Map((await this.intents.insertMany(sql, rows)).map((intent) => [intent.id, intent]));
    const views = created.map(({ index, id }) => {
      const view = paymentIntentView(byId.get(id)!);
      answers.succeed(index, view);
      return view;
    });
    this.events.recordMany(
      sql,
      views.map((view) => ({ type: 'payment_intent.created', owner: `merchant:${view.merchant}`, object: view })),
    );
    this.outbox.enqueueMany(
      sql,
      created.map(({ id, expiresAt }) => expiryJob(id, expiresAt)),
    );
  }
}
