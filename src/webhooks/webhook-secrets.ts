// Webhook signing secrets at rest. Tally must read a secret again to sign
// each delivery, so it cannot keep only a hash (as it does for merchant keys
// and customer tokens): it keeps the secret sealed with SecretBox, bound to
// its endpoint, and opens it in the worker when signing. The `secret` and
// `previous_secret` columns hold sealed values only; a value written before
// sealing existed (plain `whsec_...`) is still read, and sealed by reseal(),
// which the worker runs at boot, so an upgrade needs no manual step and a
// rotation of SECRETS_ENCRYPTION_KEYS completes with the worker's restart.
import { Injectable, Logger } from '@nestjs/common';
import { SealedValueError, SecretBox } from '../common/secret-box';
import { DatabaseService } from '../database/database.service';

/** Opened secrets kept in memory, so a delivery does not pay for opening its secret each time. */
const MAX_CACHED_SECRETS = 10_000;

@Injectable()
export class WebhookSecrets {
  private readonly logger = new Logger(WebhookSecrets.name);
  private readonly opened = new Map<string, string>();

  constructor(
    private readonly box: SecretBox,
    private readonly db: DatabaseService,
  ) {}

  seal(endpointId: string, secret: string): string {
    return this.box.seal(secret, contextOf(endpointId));
  }

  /** The secret in clear, from its stored (sealed, or legacy plain) form. */
  open(endpointId: string, stored: string): string {
    if (!SecretBox.isSealed(stored)) return stored;
    const cacheKey = `${endpointId}\n${stored}`;
    let secret = this.opened.get(cacheKey);
    if (secret === undefined) {
      secret = this.box.open(stored, contextOf(endpointId));
      if (this.opened.size >= MAX_CACHED_SECRETS) this.opened.clear();
      this.opened.set(cacheKey, secret);
    }
    return secret;
  }

  /**
   * Seals, with the current master key, every secret that is in plain text or
   * sealed with an older key; returns how many endpoints changed and how many
   * could not be opened (sealed with a master key that is no longer
   * configured: their deliveries fail until it is restored). A secret rolled
   * meanwhile is left to its roll (the update checks the old values).
   */
  async reseal(batchSize = 500): Promise<{ resealed: number; unopenable: number }> {
    const current = this.box.currentKeyPrefix;
    let resealed = 0;
    let unopenable = 0;
    // Keyset pages by id: a row that cannot be opened is counted and passed, never read again in this run.
    for (let after = ''; ;) {
      const rows = await this.db.sql.query<{ id: string; secret: string; previous_secret: string | null }>(
        `SELECT id, secret, previous_secret FROM webhook_endpoints
          WHERE id > $3::text
            AND (left(secret, length($1::text)) <> $1::text OR left(previous_secret, length($1::text)) <> $1::text)
          ORDER BY id LIMIT $2::int`,
        [current, batchSize, after],
      );
      for (const row of rows) {
        let secret: string;
        let previous: string | null;
        try {
          secret = this.seal(row.id, this.open(row.id, row.secret));
          previous = row.previous_secret && this.seal(row.id, this.open(row.id, row.previous_secret));
        } catch (error) {
          if (!(error instanceof SealedValueError)) throw error;
          unopenable += 1;
          continue;
        }
        const updated = await this.db.sql.query(
          `UPDATE webhook_endpoints SET secret = $2::text, previous_secret = $3::text
            WHERE id = $1::text AND secret = $4::text AND previous_secret IS NOT DISTINCT FROM $5::text
            RETURNING id`,
          [row.id, secret, previous, row.secret, row.previous_secret],
        );
        resealed += updated.length;
      }
      if (rows.length < batchSize) break;
      after = rows[rows.length - 1].id;
    }
    if (resealed > 0) this.logger.log(`sealed ${resealed} webhook endpoint secret(s) with the current master key`);
    if (unopenable > 0) {
      this.logger.error(
        `${unopenable} webhook endpoint secret(s) are sealed with a master key no longer in SECRETS_ENCRYPTION_KEYS: ` +
          'their deliveries fail until that key is configured again',
      );
    }
    return { resealed, unopenable };
  }
}

/** What a sealed secret is bound to: the endpoint (both columns, so a roll can move it). */
const contextOf = (endpointId: string) => `webhook_endpoints:${endpointId}`;
