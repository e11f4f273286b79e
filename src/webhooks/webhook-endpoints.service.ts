// Partners' webhook endpoints and the events they can read. A merchant owns
// its endpoints and sees its own events; the operator owns the platform's
// (wallet and customer events). Anything of another owner is a 404.
import { Injectable, Logger } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { InvalidRequestError, ResourceMissingError } from '../common/errors';
import { newId } from '../common/ids';
import { paginate } from '../common/pagination';
import { AppConfig } from '../config/configuration';
import { DatabaseService } from '../database/database.service';
import type { WebhookEndpoint } from '../generated/prisma/client';
import { MERCHANT_EVENT_TYPES, PLATFORM_EVENT_TYPES } from '../events/event-types';
import { WebhookSecrets } from './webhook-secrets';
import { newWebhookSecret } from './webhook-signing';
import type { CreateWebhookEndpointDto, ListEventsQueryDto, UpdateWebhookEndpointDto } from './webhooks.dto';
import type { ListQueryDto } from '../common/pagination';
import { destinationProblem, type DestinationProblem } from './safe-http';
import {
  attemptView,
  deletedEndpointView,
  endpointView,
  endpointWithSecretView,
  eventView,
  redeliveryView,
} from './webhooks.view';

/** How long a rolled secret keeps signing beside its successor. */
export const SECRET_ROLL_OVERLAP_MS = 24 * 3_600_000;
/** Endpoints per owner. */
export const MAX_ENDPOINTS_PER_OWNER = 20;
/** How long registration waits for each DNS query of a URL's host name (A and AAAA are asked at once). */
export const REGISTRATION_LOOKUP_TIMEOUT_MS = 2_000;

/** What the owner is told when deliveries to a URL would be refused (never the address it resolved to). */
const DESTINATION_REFUSALS: Record<DestinationProblem, string> = {
  loopback:
    'url points to a loopback address, which deliveries refuse unless WEBHOOK_ALLOW_LOOPBACK is true ' +
    '(its default outside production).',
  not_public:
    'url points to a non-public address (private, link-local, reserved or similar): deliveries go only to ' +
    'public addresses, and no setting allows these (WEBHOOK_ALLOW_LOOPBACK allows loopback only).',
  unresolved: 'url names a host that does not resolve (no A or AAAA record), so deliveries could not reach it.',
  lookup_failed: `url names a host whose DNS lookup failed or took longer than ${REGISTRATION_LOOKUP_TIMEOUT_MS / 1000} s; try again.`,
};

export function ownerOf(principal: Principal): string {
  return principal.type === 'merchant' ? `merchant:${principal.id}` : 'platform';
}

@Injectable()
export class WebhookEndpointsService {
  private readonly logger = new Logger(WebhookEndpointsService.name);

  constructor(
    private readonly db: DatabaseService,
    private readonly config: AppConfig,
    private readonly secrets: WebhookSecrets,
  ) {}

  async create(principal: Principal, input: CreateWebhookEndpointDto) {
    const owner = ownerOf(principal);
    this.checkUrl(input.url);
    this.checkEvents(principal, input.enabled_events);
    const id = newId('webhookEndpoint');
    const secret = newWebhookSecret();
    const endpoint = await this.db.transaction(async (tx) => {
      // One owner's creates take turns (a lock held to the commit), so two at once cannot both
      // count 19 and make 21; the count after the lock reads what the one before committed.
      await this.db.sql.query('SELECT true AS locked FROM pg_advisory_xact_lock(hashtextextended($1::text, 0))', [
        `webhook_endpoints\n${owner}`,
      ]);
      const count = await tx.webhookEndpoint.count({ where: { owner } });
      if (count >= MAX_ENDPOINTS_PER_OWNER) {
        throw new InvalidRequestError('too_many_endpoints', `At most ${MAX_ENDPOINTS_PER_OWNER} webhook endpoints.`);
      }
      return tx.webhookEndpoint.create({
        data: {
          id,
          owner,
          url: input.url,
          description: input.description ?? null,
          enabledEvents: [...new Set(input.enabled_events)],
          secret: this.secrets.seal(id, secret),
        },
      });
    });
    return endpointWithSecretView(endpoint, secret);
  }

  async list(principal: Principal, query: ListQueryDto) {
    return paginate(
      query,
      '/v1/webhook_endpoints',
      (w) =>
        this.db.client.webhookEndpoint.findMany({
          where: { owner: ownerOf(principal), id: w.idFilter },
          orderBy: { id: w.orderBy },
          take: w.take,
        }),
      endpointView,
    );
  }

  async retrieve(principal: Principal, id: string) {
    return endpointView(await this.own(principal, id));
  }

  async update(principal: Principal, id: string, input: UpdateWebhookEndpointDto) {
    await this.own(principal, id);
    if (input.url !== undefined) this.checkUrl(input.url);
    if (input.enabled_events !== undefined) this.checkEvents(principal, input.enabled_events);
    const endpoint = await this.db.client.webhookEndpoint.update({
      where: { id },
      data: {
        ...(input.url !== undefined ? { url: input.url } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.enabled_events !== undefined ? { enabledEvents: [...new Set(input.enabled_events)] } : {}),
      },
    });
    return endpointView(endpoint);
  }

  /** Enabling clears the failure streak; disabling stops deliveries (pending ones fail when their turn comes). */
  async setEnabled(principal: Principal, id: string, enabled: boolean) {
    await this.own(principal, id);
    const endpoint = await this.db.client.webhookEndpoint.update({
      where: { id },
      data: enabled
        ? { status: 'enabled', disabledReason: null, failingSince: null }
        : { status: 'disabled', disabledReason: 'disabled_by_owner' },
    });
    return endpointView(endpoint);
  }

  async remove(principal: Principal, id: string) {
    await this.own(principal, id);
    await this.db.client.webhookEndpoint.delete({ where: { id } });
    return deletedEndpointView(id);
  }

  /** A new secret; the old one keeps signing beside it for 24 hours. */
  async rollSecret(principal: Principal, id: string) {
    const current = await this.own(principal, id);
    const secret = newWebhookSecret();
    const endpoint = await this.db.client.webhookEndpoint.update({
      where: { id },
      data: {
        secret: this.secrets.seal(id, secret),
        // Sealed again, so that a secret still in plain text from before sealing does not stay so.
        previousSecret: this.secrets.seal(id, this.secrets.open(id, current.secret)),
        previousSecretExpiresAt: new Date(Date.now() + SECRET_ROLL_OVERLAP_MS),
      },
    });
    return endpointWithSecretView(endpoint, secret);
  }

  /** Every attempt to this endpoint, newest first. */
  async attempts(principal: Principal, id: string, query: ListQueryDto) {
    await this.own(principal, id);
    return paginate(
      query,
      `/v1/webhook_endpoints/${id}/deliveries`,
      (w) =>
        this.db.client.webhookAttempt.findMany({
          where: { endpointId: id, id: w.idFilter },
          orderBy: { id: w.orderBy },
          take: w.take,
        }),
      attemptView,
    );
  }

  async listEvents(principal: Principal, query: ListEventsQueryDto) {
    const createdAt = {
      ...(query.created_gte ? { gte: new Date(query.created_gte) } : {}),
      ...(query.created_lt ? { lt: new Date(query.created_lt) } : {}),
    };
    return paginate(
      query,
      '/v1/events',
      (w) =>
        this.db.client.event.findMany({
          where: {
            owner: ownerOf(principal),
            id: w.idFilter,
            ...(query.type ? { type: query.type } : {}),
            ...(Object.keys(createdAt).length > 0 ? { createdAt } : {}),
          },
          orderBy: { id: w.orderBy },
          take: w.take,
        }),
      eventView,
    );
  }

  async retrieveEvent(principal: Principal, id: string) {
    const event = await this.db.client.event.findUnique({ where: { id } });
    if (!event || event.owner !== ownerOf(principal)) throw new ResourceMissingError('event', id, 'id');
    return eventView(event);
  }

  /**
   * Sends the event again now to every enabled endpoint of its owner that
   * subscribes to it, whatever became of the earlier deliveries.
   */
  async redeliver(principal: Principal, id: string) {
    const event = await this.db.client.event.findUnique({ where: { id } });
    if (!event || event.owner !== ownerOf(principal)) throw new ResourceMissingError('event', id, 'id');
    const rows = await this.db.sql.query<{ endpoint_id: string }>(
      `INSERT INTO webhook_deliveries (id, event_id, endpoint_id, next_attempt_at)
       SELECT 'whd_' || replace(gen_random_uuid()::text, '-', ''), $1::text, e.id, now()
         FROM webhook_endpoints e
        WHERE e.owner = $2::text AND e.status = 'enabled' AND e.enabled_events && ARRAY[$3::text, '*']
       ON CONFLICT (event_id, endpoint_id) DO UPDATE
         SET status = 'pending', next_attempt_at = now(), leased_until = NULL, updated_at = now()
       RETURNING endpoint_id`,
      [event.id, event.owner, event.type],
    );
    return redeliveryView(event.id, rows.map((r) => r.endpoint_id).sort());
  }

  private async own(principal: Principal, id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.db.client.webhookEndpoint.findUnique({ where: { id } });
    if (!endpoint || endpoint.owner !== ownerOf(principal)) {
      throw new ResourceMissingError('webhook_endpoint', id, 'id');
    }
    return endpoint;
  }

  /** Only the types the owner can receive: a merchant's own, or the platform's for the operator. */
  private checkEvents(principal: Principal, types: string[]): void {
    const allowed: readonly string[] = principal.type === 'merchant' ? MERCHANT_EVENT_TYPES : PLATFORM_EVENT_TYPES;
    const other = types.find((t) => t !== '*' && !allowed.includes(t));
    if (other) {
      throw new InvalidRequestError(
        'parameter_invalid',
        `${other} events go to ${principal.type === 'merchant' ? 'the operator' : 'merchants'}, not to this endpoint.`,
        'enabled_events',
      );
    }
  }

  /** http(s) with a host; https only in production. Where it points is checkDestination's to judge. */
  private checkUrl(url: string): void {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new InvalidRequestError('parameter_invalid', 'url must be an absolute URL.', 'url');
    }
    const allowed = this.config.isProduction ? ['https:'] : ['https:', 'http:'];
    if (!allowed.includes(parsed.protocol) || !parsed.hostname || parsed.username || parsed.password) {
      throw new InvalidRequestError(
        'parameter_invalid',
        `url must be ${this.config.isProduction ? 'an https' : 'an http or https'} URL without credentials.`,
        'url',
      );
    }
  }

  /**
   * Refuses a URL that deliveries would refuse (safe-http's rule, with this
   * process's WEBHOOK_ALLOW_LOOPBACK), so that the owner hears it now rather
   * than from failed deliveries; a name is judged on what it resolves to now,
   * and one that does not resolve is refused too. Delivery judges again at
   * every connection, since DNS answers change. Called by
   * WebhookDestinationCheck on create and update, before the request's
   * transaction (it may wait on DNS) and never for an idempotent replay; a string that is not an http(s) URL is
   * left to checkUrl.
   */
  async checkDestination(owner: string, url: string): Promise<void> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return;
    }
    if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || !parsed.hostname) return;
    const host = parsed.hostname.replace(/^\[|\]$/g, '');
    const refusal = await destinationProblem(host, this.config.webhookAllowLoopback, REGISTRATION_LOOKUP_TIMEOUT_MS);
    if (!refusal) return;
    // Which address and range is for the operator: the owner may be mapping the internal network.
    this.logger.warn(`${owner}: webhook URL refused: ${refusal.detail}`);
    throw new InvalidRequestError('parameter_invalid', DESTINATION_REFUSALS[refusal.problem], 'url');
  }
}
