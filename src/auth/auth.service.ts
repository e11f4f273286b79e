// Authenticates bearer secrets and issues them. This module owns the tables
// of merchant keys and customer tokens; merchants and customers call it.
import { Injectable } from '@nestjs/common';
import type DataLoader from 'dataloader';
import { AppConfig } from '../config/configuration';
import { AuthenticationError, PermissionError } from '../common/errors';
import { newId } from '../common/ids';
import { batchLoader } from '../common/batch-loader';
import { DatabaseService, Tx } from '../database/database.service';
import { textArray } from '../database/sql';
import type { Principal } from './principal';
import {
  bearerSecret,
  CUSTOMER_TOKEN_PREFIX,
  generateSecret,
  hashSecret,
  MAX_SECRET_LENGTH,
  MERCHANT_KEY_PREFIX,
  secretsEqual,
} from './secrets';

export interface IssuedMerchantKey {
  id: string;
  secret: string;
  last4: string;
  createdAt: Date;
}

export interface IssuedCustomerToken {
  id: string;
  secret: string;
  customerId: string;
  createdAt: Date;
  expiresAt: Date;
}

/** Longest a rolled merchant key may keep working beside its successor. */
export const MAX_KEY_ROLL_OVERLAP_SECONDS = 7 * 24 * 3600;

interface MerchantKeyRow {
  id: string;
  merchantId: string;
  expiresAt: Date | null;
  status: string;
  hash: string;
}

interface CustomerTokenRow {
  id: string;
  customerId: string;
  expiresAt: Date;
  revokedAt: Date | null;
  status: string;
  hash: string;
}

@Injectable()
export class AuthService {
  // Every request authenticates: the lookups of the requests that arrive
  // together share one statement (and its round trip).
  private readonly merchantKeys = this.lookupByHash<MerchantKeyRow>(
    `SELECT k.id, k.merchant_id AS "merchantId", k.expires_at AS "expiresAt", m.status::text AS status,
            k.key_hash AS hash
       FROM merchant_api_keys k JOIN merchants m ON m.id = k.merchant_id
      WHERE k.key_hash = ANY($1::text[])`,
  );
  private readonly customerTokens = this.lookupByHash<CustomerTokenRow>(
    `SELECT t.id, t.customer_id AS "customerId", t.expires_at AS "expiresAt", t.revoked_at AS "revokedAt",
            c.status::text AS status, t.token_hash AS hash
       FROM customer_tokens t JOIN customers c ON c.id = t.customer_id
      WHERE t.token_hash = ANY($1::text[])`,
  );

  constructor(
    private readonly config: AppConfig,
    private readonly db: DatabaseService,
  ) {}

  /** Looks secrets up by hash, the ones asked for in one tick with one statement (`$1`: the hashes). */
  private lookupByHash<Row extends { hash: string }>(text: string): DataLoader<string, Row | undefined> {
    return batchLoader(async (hashes) => {
      const rows = await this.db.outsideTransaction(() => this.db.sql.query<Row>(text, [textArray(hashes)]));
      const byHash = new Map(rows.map((r) => [r.hash, r]));
      return hashes.map((hash) => byHash.get(hash));
    });
  }

  /** `secretHash`: the bearer secret's SHA-256, when the caller has it already (AuthGuard does). */
  async authenticate(authorization: string | undefined, secretHash?: string): Promise<Principal> {
    if (!authorization) {
      throw new AuthenticationError(
        'missing_api_key',
        'No API key provided. Send it as "Authorization: Bearer <key>".',
      );
    }
    const secret = bearerSecret(authorization);
    if (!secret) {
      throw new AuthenticationError('invalid_authorization', 'Send the key as "Authorization: Bearer <key>".');
    }
    if (secret.length > MAX_SECRET_LENGTH) throw this.invalidKey();
    if (secret.startsWith(MERCHANT_KEY_PREFIX)) return this.authenticateMerchant(secretHash ?? hashSecret(secret));
    if (secret.startsWith(CUSTOMER_TOKEN_PREFIX)) return this.authenticateCustomer(secretHash ?? hashSecret(secret));
    if (secretsEqual(secret, this.config.operatorApiKey)) return { type: 'operator', id: 'operator' };
    throw this.invalidKey();
  }

  private invalidKey(): AuthenticationError {
    return new AuthenticationError('invalid_api_key', 'Invalid API key provided.');
  }

  private async authenticateMerchant(secretHash: string): Promise<Principal> {
    const key = await this.merchantKeys.load(secretHash);
    if (!key || (key.expiresAt && key.expiresAt.getTime() <= Date.now())) throw this.invalidKey();
    if (key.status !== 'active') {
      throw new PermissionError('account_disabled', 'This merchant account is disabled.');
    }
    return { type: 'merchant', id: key.merchantId, keyId: key.id };
  }

  private async authenticateCustomer(secretHash: string): Promise<Principal> {
    const token = await this.customerTokens.load(secretHash);
    if (!token || token.revokedAt) throw this.invalidKey();
    if (token.expiresAt.getTime() <= Date.now()) {
      throw new AuthenticationError('token_expired', 'This customer access token has expired.');
    }
    // A frozen customer may still sign in and read; the wallet refuses to move money.
    if (token.status === 'closed') {
      throw new PermissionError('account_closed', 'This customer account is closed.');
    }
    return { type: 'customer', id: token.customerId, tokenId: token.id };
  }

  /**
   * Issues a new secret key for a merchant. With `expirePreviousInSeconds`,
   * the merchant's keys that are still valid keep working for that long
   * (0: they stop now), so an integration can be redeployed without downtime.
   */
  async issueMerchantKey(tx: Tx, merchantId: string, expirePreviousInSeconds?: number): Promise<IssuedMerchantKey> {
    const now = new Date();
    if (expirePreviousInSeconds !== undefined) {
      const expiresAt = new Date(now.getTime() + expirePreviousInSeconds * 1000);
      await tx.merchantApiKey.updateMany({
        where: { merchantId, OR: [{ expiresAt: null }, { expiresAt: { gt: expiresAt } }] },
        data: { expiresAt },
      });
    }
    const secret = generateSecret(MERCHANT_KEY_PREFIX);
    const key = await tx.merchantApiKey.create({
      data: {
        id: newId('merchantApiKey'),
        merchantId,
        keyHash: hashSecret(secret),
        last4: secret.slice(-4),
        createdAt: now,
      },
    });
    return { id: key.id, secret, last4: key.last4, createdAt: key.createdAt };
  }

  async issueCustomerToken(tx: Tx, customerId: string, ttlSeconds?: number): Promise<IssuedCustomerToken> {
    const secret = generateSecret(CUSTOMER_TOKEN_PREFIX);
    const createdAt = new Date();
    const expiresAt = new Date(createdAt.getTime() + (ttlSeconds ?? this.config.customerTokenTtlSeconds) * 1000);
    const token = await tx.customerToken.create({
      data: { id: newId('customerToken'), customerId, tokenHash: hashSecret(secret), createdAt, expiresAt },
    });
    return { id: token.id, secret, customerId, createdAt: token.createdAt, expiresAt: token.expiresAt };
  }

  /** Revokes a token of `customerId`; false when there is no such token. */
  async revokeCustomerToken(tx: Tx, customerId: string, tokenId: string): Promise<{ revokedAt: Date } | null> {
    const token = await tx.customerToken.findFirst({ where: { id: tokenId, customerId } });
    if (!token) return null;
    if (token.revokedAt) return { revokedAt: token.revokedAt };
    const updated = await tx.customerToken.update({ where: { id: tokenId }, data: { revokedAt: new Date() } });
    return { revokedAt: updated.revokedAt ?? new Date() };
  }
}
