// The ledger's accounts: opening (on first use, inside the caller's
// transaction), finding, closing and listing them. The layers above name an
// account by (owner, code, currency); which code serves which purpose is the
// chart of accounts' business (src/accounts/), not the ledger's.
import { newId } from '../common/ids';
import { isSupportedCurrency } from '../common/money';
import { metadataProblem } from '../common/validation';
import { DatabaseService } from '../database/database.service';
import { textArray } from '../database/sql';
import { LEDGER_ACCOUNT_TYPES, LedgerError } from './ledger.model';
import { accountRecord, type LedgerAccountRecord, type OpenAccountInput } from './ledger-rows';

/** An account named by its owner: (owner, code, currency). */
export type OwnedAccountInput = OpenAccountInput & { ownerRef: string };

/** An owner's account as a batch lookup returns it. */
export interface OwnedAccount {
  id: string;
  ownerRef: string;
  code: number;
  currency: string;
}

type AccountIdentity = Pick<
  LedgerAccountRecord,
  'id' | 'type' | 'debitsMustNotExceedCredits' | 'creditsMustNotExceedDebits'
>;

export class LedgerAccounts {
  /**
   * Ids of owned accounts known to be committed: an account's identity never
   * changes, so a hot path asks the database for it once per process.
   */
  private readonly committedIds = new Map<string, string>();

  constructor(private readonly db: DatabaseService) {}

  /**
   * Opens an account. With an owner, (owner, code, currency) names it and
   * opening is idempotent: the same request returns the existing account, a
   * different type or flags is an `account_exists` conflict.
   */
  async openAccount(input: OpenAccountInput): Promise<LedgerAccountRecord> {
    const problem = accountInputProblem(input);
    if (problem) throw problem;
    const data = {
      id: newId('ledgerAccount'),
      currency: input.currency,
      type: input.type,
      code: input.code ?? 0,
      ownerRef: input.ownerRef ?? null,
      debitsMustNotExceedCredits: input.debitsMustNotExceedCredits ?? false,
      creditsMustNotExceedDebits: input.creditsMustNotExceedDebits ?? false,
      metadata: input.metadata ?? {},
    };
    const client = this.db.client;
    if (data.ownerRef === null) return accountRecord(await client.ledgerAccount.create({ data }));
    await client.ledgerAccount.createMany({ data: [data], skipDuplicates: true });
    const account = accountRecord(
      await client.ledgerAccount.findUniqueOrThrow({
        where: { ownerRef_code_currency: { ownerRef: data.ownerRef, code: data.code, currency: data.currency } },
      }),
    );
    assertSameAccount(account, data);
    return account;
  }

  /**
   * The id of the owned account, opened if it does not exist yet. It joins
   * the caller's transaction (plain or Prisma) and its connection, so the
   * account exists exactly when the work that needed it commits, and no
   * second connection is ever waited for; the id is remembered once that
   * commit has happened (a rolled-back opening leaves nothing behind). A
   * concurrent first opening of the same account waits for the other's
   * commit on the unique index.
   */
  async accountId(input: OwnedAccountInput): Promise<string> {
    const code = input.code ?? 0;
    const key = accountKey(input.ownerRef, code, input.currency);
    const known = this.committedIds.get(key);
    if (known) return known;
    const problem = accountInputProblem(input);
    if (problem) throw problem;
    const wanted = {
      ownerRef: input.ownerRef,
      code,
      currency: input.currency,
      type: input.type,
      debitsMustNotExceedCredits: input.debitsMustNotExceedCredits ?? false,
      creditsMustNotExceedDebits: input.creditsMustNotExceedDebits ?? false,
    };
    const columns = `id, type::text AS type, debits_must_not_exceed_credits AS "debitsMustNotExceedCredits",
                     credits_must_not_exceed_debits AS "creditsMustNotExceedDebits"`;
    const find = `SELECT ${columns} FROM ledger_accounts WHERE owner_ref = $1::text AND code = $2::int AND currency = $3::text`;
    const sql = this.db.sql;
    let [row] = await sql.query<AccountIdentity>(
      `WITH opened AS (
         INSERT INTO ledger_accounts (id, owner_ref, code, currency, type, debits_must_not_exceed_credits,
                                      credits_must_not_exceed_debits, metadata)
         VALUES ($4::text, $1::text, $2::int, $3::text, $5::text::ledger_account_type, $6::boolean, $7::boolean,
                 $8::jsonb)
         ON CONFLICT (owner_ref, code, currency) DO NOTHING RETURNING ${columns})
       SELECT * FROM opened UNION ALL (${find})`,
      [
        wanted.ownerRef,
        code,
        wanted.currency,
        newId('ledgerAccount'),
        wanted.type,
        wanted.debitsMustNotExceedCredits,
        wanted.creditsMustNotExceedDebits,
        JSON.stringify(input.metadata ?? {}),
      ],
    );
    // Opened concurrently and committed after this statement's snapshot: a new statement sees it.
    if (!row) [row] = await sql.query<AccountIdentity>(find, [wanted.ownerRef, code, wanted.currency]);
    assertSameAccount(row, wanted);
    this.db.afterCommit(() => this.committedIds.set(key, row.id));
    return row.id;
  }

  /** The owned account's id if it was ever opened, else null; opens nothing (a debit must not open one). */
  async existingAccountId(ownerRef: string, code: number, currency: string): Promise<string | null> {
    const key = accountKey(ownerRef, code, currency);
    const known = this.committedIds.get(key);
    if (known) return known;
    const id = await this.findAccountId(ownerRef, code, currency);
    if (id) this.db.afterCommit(() => this.committedIds.set(key, id));
    return id;
  }

  /** The open accounts of these owners with this code, in every currency (one statement, for a batch). */
  async openAccountsOf(ownerRefs: readonly string[], code: number): Promise<OwnedAccount[]> {
    if (ownerRefs.length === 0) return [];
    return this.db.sql.query<OwnedAccount>(
      `SELECT id, owner_ref AS "ownerRef", code, currency FROM ledger_accounts
        WHERE owner_ref = ANY($1::text[]) AND code = $2::int AND status = 'open'`,
      [textArray(ownerRefs), code],
    );
  }

  /** Closes an account with no pending balance. Closed accounts take no new transfers. */
  async closeAccount(id: string): Promise<LedgerAccountRecord> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM ledger_accounts WHERE id = ${id} FOR UPDATE`;
      if (rows.length === 0) throw new LedgerError('account_not_found', `No ledger account ${id}.`);
      const account = accountRecord(await tx.ledgerAccount.findUniqueOrThrow({ where: { id } }));
      if (account.status === 'closed') return account;
      if (account.debitsPending !== 0n || account.creditsPending !== 0n) {
        throw new LedgerError('account_has_pending', `Ledger account ${id} has pending transfers; resolve them first.`);
      }
      return accountRecord(await tx.ledgerAccount.update({ where: { id }, data: { status: 'closed' } }));
    });
  }

  async getAccount(id: string): Promise<LedgerAccountRecord | null> {
    const account = await this.db.client.ledgerAccount.findUnique({ where: { id } });
    return account ? accountRecord(account) : null;
  }

  /**
   * The id of the owned account (owner, code, currency), or null if it was
   * never opened; opens nothing. Plain SQL, so it joins the caller's
   * transaction, plain or Prisma.
   */
  async findAccountId(ownerRef: string, code: number, currency: string): Promise<string | null> {
    const [row] = await this.db.sql.query<{ id: string }>(
      'SELECT id FROM ledger_accounts WHERE owner_ref = $1::text AND code = $2::int AND currency = $3::text',
      [ownerRef, code, currency],
    );
    return row?.id ?? null;
  }

  async findAccount(ownerRef: string, code: number, currency: string): Promise<LedgerAccountRecord | null> {
    const account = await this.db.client.ledgerAccount.findUnique({
      where: { ownerRef_code_currency: { ownerRef, code, currency } },
    });
    return account ? accountRecord(account) : null;
  }

  /** Accounts, newest first, for the operator. */
  async listAccounts(filter: {
    currency?: string;
    ownerRef?: string;
    idFilter?: { lt?: string; gt?: string };
    orderBy: 'asc' | 'desc';
    take: number;
  }): Promise<LedgerAccountRecord[]> {
    const accounts = await this.db.client.ledgerAccount.findMany({
      where: {
        ...(filter.currency ? { currency: filter.currency } : {}),
        ...(filter.ownerRef ? { ownerRef: filter.ownerRef } : {}),
        ...(filter.idFilter ? { id: filter.idFilter } : {}),
      },
      orderBy: { id: filter.orderBy },
      take: filter.take,
    });
    return accounts.map(accountRecord);
  }
}

/** An owned account found where one was asked for must be that account: the same type and flags. */
function assertSameAccount(
  found: AccountIdentity,
  wanted: Omit<AccountIdentity, 'id'> & { ownerRef: string | null; code: number; currency: string },
): void {
  if (
    found.type !== wanted.type ||
    found.debitsMustNotExceedCredits !== wanted.debitsMustNotExceedCredits ||
    found.creditsMustNotExceedDebits !== wanted.creditsMustNotExceedDebits
  ) {
    throw new LedgerError(
      'account_exists',
      `Ledger account ${found.id} exists for ${wanted.ownerRef} (code ${wanted.code}, ${wanted.currency}) with a different type or flags.`,
    );
  }
}

const accountKey = (ownerRef: string, code: number, currency: string) => `${ownerRef}|${code}|${currency}`;

function accountInputProblem(input: OpenAccountInput): LedgerError | null {
  const invalid = (param: string, message: string) => new LedgerError('invalid_account', message, param);
  if (!isSupportedCurrency(input.currency))
    return invalid('currency', `Unsupported currency: ${String(input.currency)}.`);
  if (!LEDGER_ACCOUNT_TYPES.includes(input.type))
    return invalid('type', `Unknown account type: ${String(input.type)}.`);
  if (input.code !== undefined && (!Number.isInteger(input.code) || input.code < 0 || input.code > 2_147_483_647)) {
    return invalid('code', 'The code is a non-negative 32-bit integer.');
  }
  if (
    input.ownerRef !== undefined &&
    (typeof input.ownerRef !== 'string' || input.ownerRef.length === 0 || input.ownerRef.length > 200)
  ) {
    return invalid('owner_ref', 'The owner reference is 1 to 200 characters.');
  }
  if (input.debitsMustNotExceedCredits && input.creditsMustNotExceedDebits) {
    return invalid('flags', 'An account has at most one of the two limit flags.');
  }
  if (input.metadata !== undefined) {
    const problem = metadataProblem(input.metadata);
    if (problem) return invalid('metadata', `metadata ${problem}`);
  }
  return null;
}
