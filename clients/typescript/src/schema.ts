// Generated from the Tally OpenAPI document by scripts/generate-client.mjs
// (openapi-typescript). Do not edit: run `npm run client:generate`.

export interface paths {
    "/v1/ledger/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List ledger accounts, newest first. */
        get: operations["LedgerController_listAccounts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ledger/accounts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a ledger account with its balances, now or (with `at`) as of a past time. */
        get: operations["LedgerController_retrieveAccount"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ledger/accounts/{id}/entries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The account's statement: its transfers newest first, each with the balances right after it. */
        get: operations["LedgerController_listEntries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ledger/transfers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a transfer; for a pending one, how it was resolved. */
        get: operations["LedgerController_retrieveTransfer"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ledger/trial_balance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Totals per currency; debits equal credits in a sound ledger. */
        get: operations["LedgerController_trialBalance"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ledger/reconciliations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Recompute every balance from the transfers and report any difference. */
        post: operations["LedgerController_reconcile"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payment_intents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the merchant's payment intents, newest first. */
        get: operations["PaymentIntentsController_list"];
        put?: never;
        /** Create a payment intent; its `qr_code` is what the customer's wallet app scans. */
        post: operations["PaymentIntentsController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payment_intents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a payment intent: the merchant's own, or for a customer one open to pay or paid by them. */
        get: operations["PaymentIntentsController_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payment_intents/{id}/qr.svg": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The intent's QR code as an SVG image, for the checkout to display. */
        get: operations["PaymentIntentsController_qrSvg"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payment_intents/{id}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The customer pays (the wallet app scanned the QR code). */
        post: operations["PaymentIntentsController_confirm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payment_intents/{id}/capture": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Capture a held payment, all or part. */
        post: operations["PaymentIntentsController_capture"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payment_intents/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel an unpaid or held payment intent; a hold is released. */
        post: operations["PaymentIntentsController_cancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/refunds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List refunds, newest first (optionally of one payment intent). */
        get: operations["RefundsController_list"];
        put?: never;
        /** Refund all or part of a succeeded payment to the customer's wallet. */
        post: operations["RefundsController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/refunds/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a refund of one of the merchant's payments. */
        get: operations["RefundsController_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/balance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The merchant's balance per currency: `available` (settled, can be paid out) and `pending`. */
        get: operations["SettlementController_balance"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/settlements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Settlement batches, newest first. */
        get: operations["SettlementController_listSettlements"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/settlements/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A settlement batch with the payments it settled. */
        get: operations["SettlementController_retrieveSettlement"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payouts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the merchant's payouts, newest first. */
        get: operations["SettlementController_listPayouts"];
        put?: never;
        /** Pay out available money to the merchant's bank account. */
        post: operations["SettlementController_createPayout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payouts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a payout. */
        get: operations["SettlementController_retrievePayout"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/wallet": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Status, KYC tier, limits with what is left of today's, and balances per currency. */
        get: operations["WalletsController_wallet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/wallet/top_ups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Top up from the customer's bank card: `pending` until the bank confirms, then `succeeded` or `failed`. */
        post: operations["WalletsController_topUp"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/wallet/top_ups/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve one of the customer's top-ups. */
        get: operations["WalletsController_retrieveTopUp"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/wallet/transfers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send money to another customer, by phone number or customer id: instant and atomic. */
        post: operations["WalletsController_transfer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/wallet/transfers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a transfer the customer sent or received. */
        get: operations["WalletsController_retrieveTransfer"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/wallet/withdrawals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Withdraw to the customer's bank: the amount is held, then `paid` or `failed` (money back). */
        post: operations["WalletsController_withdraw"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/wallet/withdrawals/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve one of the customer's withdrawals. */
        get: operations["WalletsController_retrieveWithdrawal"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/wallet/transactions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The statement: every movement, newest first, with the running `balance`, `pending` and `available` after
         *     each and its change to each; a hold is its own line, and the line that posts or releases it names it.
         */
        get: operations["WalletsController_transactions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook_endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the caller's webhook endpoints, newest first. */
        get: operations["WebhookEndpointsController_list"];
        put?: never;
        /** Create an endpoint; the response carries its signing `secret`, shown this once. */
        post: operations["WebhookEndpointsController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook_endpoints/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a webhook endpoint (its secret is not shown again). */
        get: operations["WebhookEndpointsController_retrieve"];
        put?: never;
        post?: never;
        /** Delete a webhook endpoint, with its deliveries and their attempts (pending ones are never made). */
        delete: operations["WebhookEndpointsController_remove"];
        options?: never;
        head?: never;
        /** Change a webhook endpoint's URL, events or description. */
        patch: operations["WebhookEndpointsController_update"];
        trace?: never;
    };
    "/v1/webhook_endpoints/{id}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enable a webhook endpoint: deliveries resume. */
        post: operations["WebhookEndpointsController_enable"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook_endpoints/{id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Disable a webhook endpoint: no deliveries until it is enabled. */
        post: operations["WebhookEndpointsController_disable"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook_endpoints/{id}/roll_secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A new secret (shown once); the old one keeps signing beside it for 24 hours. */
        post: operations["WebhookEndpointsController_rollSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook_endpoints/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every delivery attempt to this endpoint, newest first: time, event, status or error, latency, next retry. */
        get: operations["WebhookEndpointsController_deliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The principal's events, newest first, kept at least EVENT_RETENTION_DAYS. */
        get: operations["EventsController_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve one of the principal's events. */
        get: operations["EventsController_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/{id}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send the event again now to every enabled endpoint that subscribes to it. */
        post: operations["EventsController_redeliver"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/credit/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List credit products, newest first: every one for the operator, those offered for a customer. */
        get: operations["CreditController_listProducts"];
        put?: never;
        /** Create a credit product: its currency, rates, terms, loan sizes and line per KYC tier. */
        post: operations["CreditController_createProduct"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/credit/products/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a credit product (a customer sees only those offered). */
        get: operations["CreditController_retrieveProduct"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Rename a product, retire it, or change its line per KYC tier (its price and terms never change). */
        patch: operations["CreditController_updateProduct"];
        trace?: never;
    };
    "/v1/credit/quotes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** What a loan would cost if drawn today: the schedule, total interest and APR. Commits nothing. */
        post: operations["CreditController_quote"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/credit/applications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Apply for a line on a product: decided at once, approved with a limit or declined with every reason. */
        post: operations["CreditController_apply"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/credit/lines": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List credit lines, newest first: a customer's own, or every one for the operator. */
        get: operations["CreditController_listLines"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/credit/lines/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a credit line: its limit, what is available and what its loans owe. */
        get: operations["CreditController_retrieveLine"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Raise or lower a line's limit, suspend or reopen it, or close it for good. */
        patch: operations["CreditController_updateLine"];
        trace?: never;
    };
    "/v1/credit/loans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List loans, newest first: a customer's own, or every one for the operator. */
        get: operations["CreditController_listLoans"];
        put?: never;
        /** Draw a loan on a line: its schedule, and the money paid into the wallet at once. */
        post: operations["CreditController_drawdown"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/credit/loans/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a loan with its schedule and what has been paid of it. */
        get: operations["CreditController_retrieveLoan"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process runs. */
        get: operations["HealthController_live"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: PostgreSQL and the queue store answer. */
        get: operations["HealthController_ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/merchants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List merchants, newest first. */
        get: operations["MerchantsController_list"];
        put?: never;
        /** Onboard a merchant. The response carries its secret key, shown this once. */
        post: operations["MerchantsController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/merchants/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a merchant (the operator, or the merchant itself). */
        get: operations["MerchantsController_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Update a merchant's profile, pricing, settlement delay, payout schedule or bank account. */
        patch: operations["MerchantsController_update"];
        trace?: never;
    };
    "/v1/merchants/{id}/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Roll the merchant's secret key: a new key, the old ones expiring now or after an overlap. */
        post: operations["MerchantsController_rollKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/customers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List customers, newest first. */
        get: operations["CustomersController_list"];
        put?: never;
        /** Onboard a customer (the operator, for the wallet app). */
        post: operations["CustomersController_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/customers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a customer (the operator, or the customer itself with its token). */
        get: operations["CustomersController_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change the name, the KYC tier (and so the wallet's limits) or the metadata. */
        patch: operations["CustomersController_update"];
        trace?: never;
    };
    "/v1/customers/{id}/freeze": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Freeze the customer's wallet: it can neither send nor receive money until unfrozen. */
        post: operations["CustomersController_freeze"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/customers/{id}/unfreeze": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Unfreeze a customer's wallet. */
        post: operations["CustomersController_unfreeze"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/customers/{id}/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Issue an access token for the wallet app acting for this customer. Shown once. */
        post: operations["CustomersController_issueToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/customers/{id}/tokens/{tokenId}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke one of the customer's access tokens. */
        post: operations["CustomersController_revokeToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        LedgerAccountFlagsView: {
            /** @description The ledger refuses a debit past the credits. */
            debits_must_not_exceed_credits: boolean;
            /** @description The ledger refuses a credit past the debits. */
            credits_must_not_exceed_debits: boolean;
        };
        DerivedBalancesView: {
            /**
             * Format: int64
             * @description Posted money.
             */
            posted: number;
            /**
             * Format: int64
             * @description Incoming minus outgoing holds.
             */
            pending: number;
            /**
             * Format: int64
             * @description Posted minus outgoing holds: what the owner can still move.
             */
            available: number;
        };
        LedgerAccountView: {
            /** @example la_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            id: string;
            /**
             * @example ledger_account
             * @enum {string}
             */
            object: "ledger_account";
            /** Format: int64 */
            created: number;
            /**
             * @example cny
             * @enum {string}
             */
            currency: "cny" | "hkd" | "twd" | "usd" | "eur" | "gbp" | "chf" | "cad" | "aud" | "nzd" | "sgd" | "myr" | "thb" | "php" | "inr" | "idr" | "mxn" | "brl" | "zar" | "sek" | "nok" | "dkk" | "pln" | "jpy" | "krw" | "vnd" | "clp" | "isk" | "bhd" | "kwd" | "omr" | "jod" | "tnd";
            /** @enum {string} */
            type: "asset" | "liability" | "equity" | "revenue" | "expense";
            /**
             * @description The side that grows the account: debit for assets and expenses.
             * @enum {string}
             */
            normal_balance: "debit" | "credit";
            code: number;
            /**
             * @description Who the account belongs to; null for an account opened without an owner.
             * @example customer:cus_01J9Z3K8E5Q7W2V6X4Y8T0R2M1
             */
            owner: string | null;
            /** @enum {string} */
            status: "open" | "closed";
            flags: components["schemas"]["LedgerAccountFlagsView"];
            /**
             * Format: int64
             * @description Held by pending transfers on the debit side.
             */
            debits_pending: number;
            /** Format: int64 */
            debits_posted: number;
            /**
             * Format: int64
             * @description Held by pending transfers on the credit side.
             */
            credits_pending: number;
            /** Format: int64 */
            credits_posted: number;
            /** @description In the account's normal direction. */
            balance: components["schemas"]["DerivedBalancesView"];
            /**
             * Format: int64
             * @description The time the balances are as of (`at`); null for the current ones.
             */
            balances_as_of: number | null;
            /** @description Your own key-value pairs, as given. */
            metadata: {
                [key: string]: string;
            };
        };
        LedgerAccountListView: {
            /**
             * @example list
             * @enum {string}
             */
            object: "list";
            /** @example /v1/ledger/accounts */
            url: string;
            data: components["schemas"]["LedgerAccountView"][];
            /** @description Whether there are more objects beyond this page. */
            has_more: boolean;
        };
        LedgerAccountEntryView: {
            /**
             * @example ledger_account_entry
             * @enum {string}
             */
            object: "ledger_account_entry";
            /** @example pi_01J9Z3K8E5Q7W2V6X4Y8T0R2M1:settle */
            transfer: string;
            /** @example je_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            entry: string;
            /** @enum {string} */
            kind: "posted" | "pending" | "post_pending" | "void_pending" | "expire_pending";
            /** Format: int64 */
            created: number;
            /**
             * @description The side of the transfer this account is on.
             * @enum {string}
             */
            side: "debit" | "credit";
            /** @example la_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            counterparty_account: string;
            /** Format: int64 */
            amount: number;
            /**
             * @example cny
             * @enum {string}
             */
            currency: "cny" | "hkd" | "twd" | "usd" | "eur" | "gbp" | "chf" | "cad" | "aud" | "nzd" | "sgd" | "myr" | "thb" | "php" | "inr" | "idr" | "mxn" | "brl" | "zar" | "sek" | "nok" | "dkk" | "pln" | "jpy" | "krw" | "vnd" | "clp" | "isk" | "bhd" | "kwd" | "omr" | "jod" | "tnd";
            /**
             * Format: int64
             * @description How the transfer changed the account's posted balance, in its normal direction.
             */
            posted_change: number;
            reference: string | null;
            balance_after: components["schemas"]["DerivedBalancesView"];
        };
        LedgerAccountEntryListView: {
            /**
             * @example list
             * @enum {string}
             */
            object: "list";
            /** @example /v1/ledger/accounts/la_01J9Z3K8E5Q7W2V6X4Y8T0R2M1/entries */
            url: string;
            data: components["schemas"]["LedgerAccountEntryView"][];
            /** @description Whether there are more objects beyond this page. */
            has_more: boolean;
        };
        LedgerTransferView: {
            /** @example pi_01J9Z3K8E5Q7W2V6X4Y8T0R2M1:settle */
            id: string;
            /**
             * @example ledger_transfer
             * @enum {string}
             */
            object: "ledger_transfer";
            /** Format: int64 */
            created: number;
            /**
             * @description The entry it was posted in: its transfers were posted together or not at all.
             * @example je_01J9Z3K8E5Q7W2V6X4Y8T0R2M1
             */
            entry: string;
            /** @enum {string} */
            kind: "posted" | "pending" | "post_pending" | "void_pending" | "expire_pending";
            /** @example la_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            debit_account: string;
            /** @example la_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            credit_account: string;
            /** Format: int64 */
            amount: number;
            /**
             * @example cny
             * @enum {string}
             */
            currency: "cny" | "hkd" | "twd" | "usd" | "eur" | "gbp" | "chf" | "cad" | "aud" | "nzd" | "sgd" | "myr" | "thb" | "php" | "inr" | "idr" | "mxn" | "brl" | "zar" | "sek" | "nok" | "dkk" | "pln" | "jpy" | "krw" | "vnd" | "clp" | "isk" | "bhd" | "kwd" | "omr" | "jod" | "tnd";
            code: number;
            /** @description The business object it belongs to. */
            reference: string | null;
            /** @description Your own key-value pairs, as given. */
            metadata: {
                [key: string]: string;
            };
            /**
             * @description For a post, void or expiry: the pending transfer it resolved.
             * @example pi_01J9Z3K8E5Q7W2V6X4Y8T0R2M1:settle
             */
            pending_transfer: string | null;
            /**
             * @description For a pending transfer: how it was resolved, if it was.
             * @enum {string|null}
             */
            pending_status: "pending" | "posted" | "voided" | "expired" | null;
            /**
             * @description For a resolved pending transfer: the transfer that resolved it.
             * @example pi_01J9Z3K8E5Q7W2V6X4Y8T0R2M1:settle
             */
            resolved_by: string | null;
            /**
             * Format: int64
             * @description For a pending transfer with a timeout: when it is released.
             */
            expires_at: number | null;
            /**
             * @description For a reversal: the transfer it reverses.
             * @example pi_01J9Z3K8E5Q7W2V6X4Y8T0R2M1:settle
             */
            reverses: string | null;
            /**
             * @description The transfer that reversed this one.
             * @example pi_01J9Z3K8E5Q7W2V6X4Y8T0R2M1:settle
             */
            reversed_by: string | null;
        };
        TrialBalanceLineView: {
            /**
             * @example cny
             * @enum {string}
             */
            currency: "cny" | "hkd" | "twd" | "usd" | "eur" | "gbp" | "chf" | "cad" | "aud" | "nzd" | "sgd" | "myr" | "thb" | "php" | "inr" | "idr" | "mxn" | "brl" | "zar" | "sek" | "nok" | "dkk" | "pln" | "jpy" | "krw" | "vnd" | "clp" | "isk" | "bhd" | "kwd" | "omr" | "jod" | "tnd";
            /** @description How many accounts in this currency. */
            accounts: number;
            /** Format: int64 */
            debits_pending: number;
            /** Format: int64 */
            debits_posted: number;
            /** Format: int64 */
            credits_pending: number;
            /** Format: int64 */
            credits_posted: number;
            /** @description Debits equal credits, posted and pending. */
            balanced: boolean;
        };
        TrialBalanceView: {
            /**
             * @example ledger_trial_balance
             * @enum {string}
             */
            object: "ledger_trial_balance";
            /** Format: int64 */
            created: number;
            /** @description Every currency balances. */
            balanced: boolean;
            currencies: components["schemas"]["TrialBalanceLineView"][];
        };
        CreateReconciliationDto: {
            /**
             * @description Only `ledger` for now: balances against transfers, holds, trial balance.
             * @enum {string}
             */
            scope?: "ledger";
        };
        ReconciledBalancesView: {
            /** Format: int64 */
            debits_pending: number;
            /** Format: int64 */
            debits_posted: number;
            /** Format: int64 */
            credits_pending: number;
            /** Format: int64 */
            credits_posted: number;
        };
        ReconciliationDifferenceView: {
            /** @example la_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            account: string;
            stored: components["schemas"]["ReconciledBalancesView"];
            /** @description Recomputed from every transfer. */
            from_transfers: components["schemas"]["ReconciledBalancesView"];
            /** @description As the account's last transfer recorded them. */
            recorded_by_last_transfer: components["schemas"]["ReconciledBalancesView"];
        };
        HoldMismatchView: {
            /** @example pi_01J9Z3K8E5Q7W2V6X4Y8T0R2M1:settle */
            transfer: string;
            /** @enum {string} */
            problem: "unresolved pending transfer has no open hold" | "open hold for a resolved or missing pending transfer";
        };
        SubledgerDifferenceView: {
            /** @example customer:cus_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 cny */
            subject: string;
            /**
             * Format: int64
             * @description What the capability's records say.
             */
            expected: number;
            /**
             * Format: int64
             * @description What the ledger (or the other record) says.
             */
            found: number;
            description: string;
        };
        SubledgerReportView: {
            /** @example credit */
            name: string;
            ok: boolean;
            /** @description The first 100. */
            differences: components["schemas"]["SubledgerDifferenceView"][];
        };
        ReconciliationView: {
            /**
             * @example ledger_reconciliation
             * @enum {string}
             */
            object: "ledger_reconciliation";
            /** Format: int64 */
            created: number;
            /** @description No difference, no hold mismatch, the trial balance balances, and every subledger agrees. */
            ok: boolean;
            accounts_checked: number;
            transfers_checked: number;
            /** @description The first 100. */
            differences: components["schemas"]["ReconciliationDifferenceView"][];
            /** @description The first 100. */
            hold_mismatches: components["schemas"]["HoldMismatchView"][];
            trial_balance: components["schemas"]["TrialBalanceLineView"][];
            /** @description The capabilities' records checked against the ledger. */
            subledgers: components["schemas"]["SubledgerReportView"][];
        };
        PaymentErrorView: {
            /** @example payment_error */
            type: string;
            /** @example insufficient_funds */
            code: string;
            message: string;
        };
        PaymentIntentView: {
            /** @example pi_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            id: string;
            /**
             * @example payment_intent
             * @enum {string}
             */
            object: "payment_intent";
            /** Format: int64 */
            created: number;
            /** @example mch_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            merchant: string;
            /**
             * Format: int64
             * @description What the customer pays.
             */
            amount: number;
            /**
             * Format: int64
             * @description Held and not yet captured (manual capture).
             */
            amount_capturable: number;
            /**
             * Format: int64
             * @description Paid and captured.
             */
            amount_received: number;
            /**
             * Format: int64
             * @description Refunded so far.
             */
            amount_refunded: number;
            /**
             * @example cny
             * @enum {string}
             */
            currency: "cny" | "hkd" | "twd" | "usd" | "eur" | "gbp" | "chf" | "cad" | "aud" | "nzd" | "sgd" | "myr" | "thb" | "php" | "inr" | "idr" | "mxn" | "brl" | "zar" | "sek" | "nok" | "dkk" | "pln" | "jpy" | "krw" | "vnd" | "clp" | "isk" | "bhd" | "kwd" | "omr" | "jod" | "tnd";
            /** @enum {string} */
            status: "requires_payment_method" | "requires_capture" | "succeeded" | "canceled";
            /** @enum {string} */
            capture_method: "automatic" | "manual";
            /**
             * Format: int64
             * @description The merchant's fee, set at capture.
             */
            fee: number;
            description: string | null;
            /** @description Your own key-value pairs, as given. */
            metadata: {
                [key: string]: string;
            };
            /**
             * @description The customer who paid (or holds the money), once one has.
             * @example cus_01J9Z3K8E5Q7W2V6X4Y8T0R2M1
             */
            customer: string | null;
            last_payment_error: components["schemas"]["PaymentErrorView"] | null;
            /** @enum {string|null} */
            cancellation_reason: "requested_by_customer" | "duplicate" | "fraudulent" | "abandoned" | "expired" | "authorization_expired" | null;
            /** Format: int64 */
            canceled_at: number | null;
            /** Format: int64 */
            succeeded_at: number | null;
            /**
             * Format: int64
             * @description When an unconfirmed intent is canceled.
             */
            expires_at: number;
            /**
             * Format: int64
             * @description While a manual-capture payment holds the money: when the hold is released.
             */
            authorization_expires_at: number | null;
            /**
             * @description What the wallet app scans.
             * @example tally://pay/pi_01J9Z3K8E5Q7W2V6X4Y8T0R2M1
             */
            qr_code: string;
            /** @description Grows with every change: receivers of events can discard older copies. */
            version: number;
        };
        PayerMerchantView: {
            /** @example mch_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            id: string;
            /** @description The merchant's display name. */
            name: string;
        };
        PayerPaymentIntentView: {
            /** @example pi_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            id: string;
            /**
             * @example payment_intent
             * @enum {string}
             */
            object: "payment_intent";
            /** Format: int64 */
            created: number;
            merchant: components["schemas"]["PayerMerchantView"];
            /** Format: int64 */
            amount: number;
            /** Format: int64 */
            amount_received: number;
            /** Format: int64 */
            amount_refunded: number;
            /**
             * @example cny
             * @enum {string}
             */
            currency: "cny" | "hkd" | "twd" | "usd" | "eur" | "gbp" | "chf" | "cad" | "aud" | "nzd" | "sgd" | "myr" | "thb" | "php" | "inr" | "idr" | "mxn" | "brl" | "zar" | "sek" | "nok" | "dkk" | "pln" | "jpy" | "krw" | "vnd" | "clp" | "isk" | "bhd" | "kwd" | "omr" | "jod" | "tnd";
            /** @enum {string} */
            status: "requires_payment_method" | "requires_capture" | "succeeded" | "canceled";
            description: string | null;
            /** @example cus_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            customer: string | null;
            /** Format: int64 */
            canceled_at: number | null;
            /** Format: int64 */
            succeeded_at: number | null;
            /** Format: int64 */
            expires_at: number;
            /**
             * Format: int64
             * @description While a manual-capture payment holds the money: when the hold is released if not captured.
             */
            authorization_expires_at: number | null;
        };
        CreatePaymentIntentDto: {
            /**
             * Format: int64
             * @description In the currency's minor unit (1099 is 10.99 CNY).
             */
            amount: number;
            /**
             * @description Lowercase ISO 4217, e.g. `cny`.
             * @example cny
             * @enum {string}
             */
            currency: "cny" | "hkd" | "twd" | "usd" | "eur" | "gbp" | "chf" | "cad" | "aud" | "nzd" | "sgd" | "myr" | "thb" | "php" | "inr" | "idr" | "mxn" | "brl" | "zar" | "sek" | "nok" | "dkk" | "pln" | "jpy" | "krw" | "vnd" | "clp" | "isk" | "bhd" | "kwd" | "omr" | "jod" | "tnd";
            /** @description Your own key-value pairs: at most 50 keys of up to 40 characters, string values of up to 500. */
            metadata?: {
                [key: string]: string;
            };
            /** @description Seconds until an unconfirmed intent is canceled: 60 to 604800, default 3600. */
            expires_in?: number;
            /**
             * @description `automatic` (default): paid at confirm. `manual`: held at confirm, captured later.
             * @enum {string}
             */
            capture_method?: "automatic" | "manual";
            /** @description Shown to the customer in the wallet app. */
            description?: string;
        };
        PaymentIntentListView: {
            /**
             * @example list
             * @enum {string}
             */
            object: "list";
            /** @example /v1/payment_intents */
            url: string;
            data: components["schemas"]["PaymentIntentView"][];
            /** @description Whether there are more objects beyond this page. */
            has_more: boolean;
        };
        CapturePaymentIntentDto: {
            /**
             * Format: int64
             * @description Capture less than the held amount; the rest is released. Default: all of it.
             */
            amount_to_capture?: number;
        };
        CancelPaymentIntentDto: {
            /** @enum {string} */
            cancellation_reason?: "requested_by_customer" | "duplicate" | "fraudulent" | "abandoned";
        };
        CreateRefundDto: {
            /**
             * Format: int64
             * @description Minor units; default: everything not yet refunded.
             */
            amount?: number;
            /** @description Your own key-value pairs: at most 50 keys of up to 40 characters, string values of up to 500. */
            metadata?: {
                [key: string]: string;
            };
            /** @description The payment to refund (a succeeded payment intent of this merchant). */
            payment_intent: string;
            /** @enum {string} */
            reason?: "duplicate" | "fraudulent" | "requested_by_customer";
        };
        RefundView: {
            /** @example re_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            id: string;
            /**
             * @example refund
             * @enum {string}
             */
            object: "refund";
            /** Format: int64 */
            created: number;
            /** @example pi_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            payment_intent: string;
            /** Format: int64 */
            amount: number;
            /**
             * @example cny
             * @enum {string}
             */
            currency: "cny" | "hkd" | "twd" | "usd" | "eur" | "gbp" | "chf" | "cad" | "aud" | "nzd" | "sgd" | "myr" | "thb" | "php" | "inr" | "idr" | "mxn" | "brl" | "zar" | "sek" | "nok" | "dkk" | "pln" | "jpy" | "krw" | "vnd" | "clp" | "isk" | "bhd" | "kwd" | "omr" | "jod" | "tnd";
            /**
             * Format: int64
             * @description The share of the payment's fee given back to the merchant.
             */
            fee_returned: number;
            /** @enum {string} */
            status: "succeeded" | "failed";
            /** @enum {string|null} */
            failure_reason: "insufficient_merchant_balance" | null;
            /** @enum {string|null} */
            reason: "duplicate" | "fraudulent" | "requested_by_customer" | null;
            /** @description Your own key-value pairs, as given. */
            metadata: {
                [key: string]: string;
            };
        };
        RefundListView: {
            /**
             * @example list
             * @enum {string}
             */
            object: "list";
            /** @example /v1/refunds */
            url: string;
            data: components["schemas"]["RefundView"][];
            /** @description Whether there are more objects beyond this page. */
            has_more: boolean;
        };
        BalanceAmountView: {
            /** Format: int64 */
            amount: number;
            /**
             * @example cny
             * @enum {string}
             */
            currency: "cny" | "hkd" | "twd" | "usd" | "eur" | "gbp" | "chf" | "cad" | "aud" | "nzd" | "sgd" | "myr" | "thb" | "php" | "inr" | "idr" | "mxn" | "brl" | "zar" | "sek" | "nok" | "dkk" | "pln" | "jpy" | "krw" | "vnd" | "clp" | "isk" | "bhd" | "kwd" | "omr" | "jod" | "tnd";
        };
        BalanceView: {
            /**
             * @example balance
             * @enum {string}
             */
            object: "balance";
            /** @description Settled: can be paid out (or refunded). */
            available: components["schemas"]["BalanceAmountView"][];
            /** @description Captured, not yet settled. */
            pending: components["schemas"]["BalanceAmountView"][];
        };
        SettlementView: {
            /** @example stl_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            id: string;
            /**
             * @example settlement
             * @enum {string}
             */
            object: "settlement";
            /** Format: int64 */
            created: number;
            /**
             * @example cny
             * @enum {string}
             */
            currency: "cny" | "hkd" | "twd" | "usd" | "eur" | "gbp" | "chf" | "cad" | "aud" | "nzd" | "sgd" | "myr" | "thb" | "php" | "inr" | "idr" | "mxn" | "brl" | "zar" | "sek" | "nok" | "dkk" | "pln" | "jpy" | "krw" | "vnd" | "clp" | "isk" | "bhd" | "kwd" | "omr" | "jod" | "tnd";
            /** @description How many payments it settled. */
            count: number;
            /**
             * Format: int64
             * @description What the payments received.
             */
            gross: number;
            /**
             * Format: int64
             * @description Their fees, net of fees given back by refunds.
             */
            fees: number;
            /**
             * Format: int64
             * @description Refunded from pending before settlement, net of fees given back.
             */
            refunds: number;
            /**
             * Format: int64
             * @description What became available.
             */
            net: number;
        };
        SettlementListView: {
            /**
             * @example list
             * @enum {string}
             */
            object: "list";
            /** @example /v1/settlements */
            url: string;
            data: components["schemas"]["SettlementView"][];
            /** @description Whether there are more objects beyond this page. */
            has_more: boolean;
        };
        SettledPaymentView: {
            /** @example pi_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            payment_intent: string;
            /** Format: int64 */
            amount_received: number;
            /**
             * Format: int64
             * @description What this settlement made available for the payment.
             */
            net: number;
        };
        SettlementWithPaymentsView: {
            /** @example stl_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            id: string;
            /**
             * @example settlement
             * @enum {string}
             */
            object: "settlement";
            /** Format: int64 */
            created: number;
            /**
             * @example cny
             * @enum {string}
             */
            currency: "cny" | "hkd" | "twd" | "usd" | "eur" | "gbp" | "chf" | "cad" | "aud" | "nzd" | "sgd" | "myr" | "thb" | "php" | "inr" | "idr" | "mxn" | "brl" | "zar" | "sek" | "nok" | "dkk" | "pln" | "jpy" | "krw" | "vnd" | "clp" | "isk" | "bhd" | "kwd" | "omr" | "jod" | "tnd";
            /** @description How many payments it settled. */
            count: number;
            /**
             * Format: int64
             * @description What the payments received.
             */
            gross: number;
            /**
             * Format: int64
             * @description Their fees, net of fees given back by refunds.
             */
            fees: number;
            /**
             * Format: int64
             * @description Refunded from pending before settlement, net of fees given back.
             */
            refunds: number;
            /**
             * Format: int64
             * @description What became available.
             */
            net: number;
            payments: components["schemas"]["SettledPaymentView"][];
        };
        CreatePayoutDto: {
            /**
             * Format: int64
             * @description Minor units, at most the available balance.
             */
            amount: number;
            /**
             * @example cny
             * @enum {string}
             */
            currency: "cny" | "hkd" | "twd" | "usd" | "eur" | "gbp" | "chf" | "cad" | "aud" | "nzd" | "sgd" | "myr" | "thb" | "php" | "inr" | "idr" | "mxn" | "brl" | "zar" | "sek" | "nok" | "dkk" | "pln" | "jpy" | "krw" | "vnd" | "clp" | "isk" | "bhd" | "kwd" | "omr" | "jod" | "tnd";
            description?: string;
        };
        PayoutBankAccountView: {
            /** @example ICBKCNBJ */
            bank_code: string;
            /** @example 6789 */
            account_number_last4: string;
        };
        PayoutView: {
            /** @example po_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            id: string;
            /**
             * @example payout
             * @enum {string}
             */
            object: "payout";
            /** Format: int64 */
            created: number;
            /** Format: int64 */
            amount: number;
            /**
             * @example cny
             * @enum {string}
             */
            currency: "cny" | "hkd" | "twd" | "usd" | "eur" | "gbp" | "chf" | "cad" | "aud" | "nzd" | "sgd" | "myr" | "thb" | "php" | "inr" | "idr" | "mxn" | "brl" | "zar" | "sek" | "nok" | "dkk" | "pln" | "jpy" | "krw" | "vnd" | "clp" | "isk" | "bhd" | "kwd" | "omr" | "jod" | "tnd";
            /** @enum {string} */
            status: "pending" | "paid" | "failed";
            /** @enum {string} */
            method: "manual" | "scheduled";
            /** @description For a failed payout: the bank's reason. */
            failure_reason: string | null;
            /**
             * Format: int64
             * @description For a paid payout: when the bank paid it.
             */
            arrived_at: number | null;
            bank_account: components["schemas"]["PayoutBankAccountView"];
        };
        PayoutListView: {
            /**
             * @example list
             * @enum {string}
             */
            object: "list";
            /** @example /v1/payouts */
            url: string;
            data: components["schemas"]["PayoutView"][];
            /** @description Whether there are more objects beyond this page. */
            has_more: boolean;
        };
        WalletLimitsView: {
            /**
             * Format: int64
             * @description The most one transfer, withdrawal or payment may send.
             */
            per_transaction: number;
            /**
             * Format: int64
             * @description The most that may go out per calendar day, in each currency.
             */
            daily: number;
            /**
             * Format: int64
             * @description The most the wallet may hold in each currency, top-ups not yet confirmed included.
             */
            max_balance: number;
            /**
             * Format: date
             * @description The calendar day the daily limit counts now (in WALLET_LIMITS_TIME_ZONE).
             * @example 2026-01-31
             */
            day: string;
        };
        WalletBalanceView: {
            /**
             * @example cny
             * @enum {string}
             */
            currency: "cny" | "hkd" | "twd" | "usd" | "eur" | "gbp" | "chf" | "cad" | "aud" | "nzd" | "sgd" | "myr" | "thb" | "php" | "inr" | "idr" | "mxn" | "brl" | "zar" | "sek" | "nok" | "dkk" | "pln" | "jpy" | "krw" | "vnd" | "clp" | "isk" | "bhd" | "kwd" | "omr" | "jod" | "tnd";
            /**
             * Format: int64
             * @description What can be spent now: the posted balance less holds.
             */
            available: number;
            /**
             * Format: int64
             * @description Held for manual-capture payments and withdrawals in progress.
             */
            pending: number;
            /**
             * Format: int64
             * @description Top-ups the bank has not confirmed yet.
             */
            incoming: number;
            /**
             * Format: int64
             * @description What may still go out today under the daily limit (past what was already sent).
             */
            daily_remaining: number;
        };
        WalletView: {
            /**
             * @example wallet
             * @enum {string}
             */
            object: "wallet";
            /** @example cus_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            customer: string;
            /**
             * @description A frozen wallet can neither send nor receive money.
             * @enum {string}
             */
            status: "active" | "frozen" | "closed";
            /**
             * @description Sets the wallet's limits.
             * @enum {integer}
             */
            kyc_tier: 1 | 2 | 3;
            limits: components["schemas"]["WalletLimitsView"];
            /** @description One per currency the wallet has held, and always the home currency (cny), by currency code. */
            balances: components["schemas"]["WalletBalanceView"][];
        };
        WalletAmountDto: {
            /**
             * Format: int64
             * @description Minor units (fen for CNY).
             */
            amount: number;
            /**
             * @example cny
             * @enum {string}
             */
            currency: "cny" | "hkd" | "twd" | "usd" | "eur" | "gbp" | "chf" | "cad" | "aud" | "nzd" | "sgd" | "myr" | "thb" | "php" | "inr" | "idr" | "mxn" | "brl" | "zar" | "sek" | "nok" | "dkk" | "pln" | "jpy" | "krw" | "vnd" | "clp" | "isk" | "bhd" | "kwd" | "omr" | "jod" | "tnd";
        };
        WalletTopUpView: {
            /** @example tu_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            id: string;
            /**
             * @example wallet.top_up
             * @enum {string}
             */
            object: "wallet.top_up";
            /** Format: int64 */
            created: number;
            /** @example cus_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            customer: string;
            /** Format: int64 */
            amount: number;
            /**
             * @example cny
             * @enum {string}
             */
            currency: "cny" | "hkd" | "twd" | "usd" | "eur" | "gbp" | "chf" | "cad" | "aud" | "nzd" | "sgd" | "myr" | "thb" | "php" | "inr" | "idr" | "mxn" | "brl" | "zar" | "sek" | "nok" | "dkk" | "pln" | "jpy" | "krw" | "vnd" | "clp" | "isk" | "bhd" | "kwd" | "omr" | "jod" | "tnd";
            /**
             * @description `pending` until the bank confirms, then `succeeded` (credited) or `failed` (nothing moved).
             * @enum {string}
             */
            status: "pending" | "succeeded" | "failed";
            /** @description The bank's reason, once `failed`. */
            failure_reason: string | null;
            /**
             * Format: int64
             * @description When it reached its final status.
             */
            completed_at: number | null;
            /** @description Grows with every change: receivers of events can discard older copies. */
            version: number;
        };
        TransferToPhone: {
            /**
             * @description The recipient's mobile number in international format.
             * @example +8613800138000
             */
            phone: string;
        };
        TransferToCustomer: {
            /** @description The recipient's customer id. */
            customer: string;
        };
        CreateWalletTransferDto: {
            /**
             * Format: int64
             * @description Minor units (fen for CNY).
             */
            amount: number;
            /**
             * @example cny
             * @enum {string}
             */
            currency: "cny" | "hkd" | "twd" | "usd" | "eur" | "gbp" | "chf" | "cad" | "aud" | "nzd" | "sgd" | "myr" | "thb" | "php" | "inr" | "idr" | "mxn" | "brl" | "zar" | "sek" | "nok" | "dkk" | "pln" | "jpy" | "krw" | "vnd" | "clp" | "isk" | "bhd" | "kwd" | "omr" | "jod" | "tnd";
            /** @description The recipient: exactly one of `phone` or `customer`. */
            to: components["schemas"]["TransferToPhone"] | components["schemas"]["TransferToCustomer"];
            /** @description Shown to both sides. */
            note?: string;
        };
        WalletTransferView: {
            /** @example wt_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            id: string;
            /**
             * @example wallet.transfer
             * @enum {string}
             */
            object: "wallet.transfer";
            /** Format: int64 */
            created: number;
            /** @example cus_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            sender: string;
            /** @example cus_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            recipient: string;
            /** Format: int64 */
            amount: number;
            /**
             * @example cny
             * @enum {string}
             */
            currency: "cny" | "hkd" | "twd" | "usd" | "eur" | "gbp" | "chf" | "cad" | "aud" | "nzd" | "sgd" | "myr" | "thb" | "php" | "inr" | "idr" | "mxn" | "brl" | "zar" | "sek" | "nok" | "dkk" | "pln" | "jpy" | "krw" | "vnd" | "clp" | "isk" | "bhd" | "kwd" | "omr" | "jod" | "tnd";
            /** @description Shown to both sides. */
            note: string | null;
            /**
             * @description Transfers are instant: they exist only once the money has moved.
             * @enum {string}
             */
            status: "succeeded";
        };
        WalletWithdrawalView: {
            /** @example wd_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            id: string;
            /**
             * @example wallet.withdrawal
             * @enum {string}
             */
            object: "wallet.withdrawal";
            /** Format: int64 */
            created: number;
            /** @example cus_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            customer: string;
            /** Format: int64 */
            amount: number;
            /**
             * @example cny
             * @enum {string}
             */
            currency: "cny" | "hkd" | "twd" | "usd" | "eur" | "gbp" | "chf" | "cad" | "aud" | "nzd" | "sgd" | "myr" | "thb" | "php" | "inr" | "idr" | "mxn" | "brl" | "zar" | "sek" | "nok" | "dkk" | "pln" | "jpy" | "krw" | "vnd" | "clp" | "isk" | "bhd" | "kwd" | "omr" | "jod" | "tnd";
            /**
             * @description `pending` (the amount held) until the bank pays (`paid`) or not (`failed`, the money back).
             * @enum {string}
             */
            status: "pending" | "paid" | "failed";
            /** @description The bank's reason, once `failed`. */
            failure_reason: string | null;
            /**
             * Format: int64
             * @description When it reached its final status.
             */
            completed_at: number | null;
            /** @description Grows with every change: receivers of events can discard older copies. */
            version: number;
        };
        WalletCounterpartyView: {
            /**
             * @description Another customer (a transfer), a merchant (a payment or refund), or the bank side (the rest).
             * @enum {string}
             */
            type: "customer" | "merchant" | "bank";
            /**
             * @description The customer's or merchant's id; null for the bank side.
             * @example mch_01J9Z3K8E5Q7W2V6X4Y8T0R2M1
             */
            id: string | null;
        };
        WalletTransactionView: {
            /**
             * @description The ledger transfer's id.
             * @example wd_01J9Z3K8E5Q7W2V6X4Y8T0R2M1:hold
             */
            id: string;
            /**
             * @example wallet.transaction
             * @enum {string}
             */
            object: "wallet.transaction";
            /** Format: int64 */
            created: number;
            /** @enum {string} */
            type: "top_up" | "transfer_in" | "transfer_out" | "payment" | "refund" | "withdrawal" | "hold" | "release" | "adjustment";
            /**
             * Format: int64
             * @description Signed change of `balance`: negative when money leaves the wallet; 0 for a hold or a release.
             */
            amount: number;
            /**
             * Format: int64
             * @description Signed change of `pending`: a hold adds its amount, the line that resolves it takes all of it off.
             */
            pending_change: number;
            /**
             * Format: int64
             * @description Signed change of `available` (`amount` less `pending_change`).
             */
            available_change: number;
            /**
             * Format: int64
             * @description The posted balance right after this line.
             */
            balance: number;
            /**
             * Format: int64
             * @description Money held right after this line.
             */
            pending: number;
            /**
             * Format: int64
             * @description `balance` less `pending`, right after this line: what can be spent.
             */
            available: number;
            /**
             * @example cny
             * @enum {string}
             */
            currency: "cny" | "hkd" | "twd" | "usd" | "eur" | "gbp" | "chf" | "cad" | "aud" | "nzd" | "sgd" | "myr" | "thb" | "php" | "inr" | "idr" | "mxn" | "brl" | "zar" | "sek" | "nok" | "dkk" | "pln" | "jpy" | "krw" | "vnd" | "clp" | "isk" | "bhd" | "kwd" | "omr" | "jod" | "tnd";
            /**
             * @description The transfer, payment, refund, top-up or withdrawal it belongs to; null for an adjustment without one.
             * @example wd_01J9Z3K8E5Q7W2V6X4Y8T0R2M1
             */
            source: string | null;
            /** @description For the line that posts or releases a hold: the hold line’s `id`. */
            hold: string | null;
            counterparty: components["schemas"]["WalletCounterpartyView"];
        };
        WalletTransactionListView: {
            /**
             * @example list
             * @enum {string}
             */
            object: "list";
            /** @example /v1/wallet/transactions */
            url: string;
            data: components["schemas"]["WalletTransactionView"][];
            /** @description Whether there are more objects beyond this page. */
            has_more: boolean;
        };
        CreateWebhookEndpointDto: {
            /**
             * Format: uri
             * @description Where events are POSTed: https in production.
             */
            url: string;
            /** @description Event types to receive, or `*` for all of the owner's. */
            enabled_events: ("*" | "payment_intent.created" | "payment_intent.requires_capture" | "payment_intent.succeeded" | "payment_intent.canceled" | "payment_intent.payment_failed" | "refund.succeeded" | "refund.failed" | "settlement.completed" | "payout.paid" | "payout.failed" | "webhook_endpoint.disabled" | "wallet.top_up.succeeded" | "wallet.top_up.failed" | "wallet.transfer.sent" | "wallet.transfer.received" | "wallet.withdrawal.paid" | "wallet.withdrawal.failed" | "customer.frozen" | "customer.unfrozen" | "customer.updated" | "credit_line.approved" | "credit_line.updated" | "credit_application.declined" | "credit_line.suspended" | "credit_line.reopened" | "credit_line.closed" | "loan.disbursed")[];
            description?: string;
        };
        WebhookEndpointWithSecretView: {
            /** @example we_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            id: string;
            /**
             * @example webhook_endpoint
             * @enum {string}
             */
            object: "webhook_endpoint";
            /** Format: int64 */
            created: number;
            /**
             * Format: uri
             * @description Where events are POSTed.
             * @example https://example.com/tally/webhooks
             */
            url: string;
            description: string | null;
            /** @description The event types it receives; `*` is all of the owner's. */
            enabled_events: ("*" | "payment_intent.created" | "payment_intent.requires_capture" | "payment_intent.succeeded" | "payment_intent.canceled" | "payment_intent.payment_failed" | "refund.succeeded" | "refund.failed" | "settlement.completed" | "payout.paid" | "payout.failed" | "webhook_endpoint.disabled" | "wallet.top_up.succeeded" | "wallet.top_up.failed" | "wallet.transfer.sent" | "wallet.transfer.received" | "wallet.withdrawal.paid" | "wallet.withdrawal.failed" | "customer.frozen" | "customer.unfrozen" | "customer.updated" | "credit_line.approved" | "credit_line.updated" | "credit_application.declined" | "credit_line.suspended" | "credit_line.reopened" | "credit_line.closed" | "loan.disbursed")[];
            /** @enum {string} */
            status: "enabled" | "disabled";
            /**
             * @description Why it is disabled; null while enabled.
             * @enum {string|null}
             */
            disabled_reason: "disabled_by_owner" | "gone" | "failing" | null;
            /**
             * @description The signing secret (Standard Webhooks), shown in this response only.
             * @example whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
             */
            secret: string;
        };
        ApiErrorDetailView: {
            /**
             * @example invalid_request_error
             * @enum {string}
             */
            type: "invalid_request_error" | "authentication_error" | "permission_error" | "idempotency_error" | "payment_error" | "state_error" | "rate_limit_error" | "api_error";
            /** @example parameter_invalid */
            code: string;
            message: string;
            /** @example url */
            param?: string;
            request_id: string;
        };
        ApiErrorView: {
            error: components["schemas"]["ApiErrorDetailView"];
        };
        WebhookEndpointView: {
            /** @example we_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            id: string;
            /**
             * @example webhook_endpoint
             * @enum {string}
             */
            object: "webhook_endpoint";
            /** Format: int64 */
            created: number;
            /**
             * Format: uri
             * @description Where events are POSTed.
             * @example https://example.com/tally/webhooks
             */
            url: string;
            description: string | null;
            /** @description The event types it receives; `*` is all of the owner's. */
            enabled_events: ("*" | "payment_intent.created" | "payment_intent.requires_capture" | "payment_intent.succeeded" | "payment_intent.canceled" | "payment_intent.payment_failed" | "refund.succeeded" | "refund.failed" | "settlement.completed" | "payout.paid" | "payout.failed" | "webhook_endpoint.disabled" | "wallet.top_up.succeeded" | "wallet.top_up.failed" | "wallet.transfer.sent" | "wallet.transfer.received" | "wallet.withdrawal.paid" | "wallet.withdrawal.failed" | "customer.frozen" | "customer.unfrozen" | "customer.updated" | "credit_line.approved" | "credit_line.updated" | "credit_application.declined" | "credit_line.suspended" | "credit_line.reopened" | "credit_line.closed" | "loan.disbursed")[];
            /** @enum {string} */
            status: "enabled" | "disabled";
            /**
             * @description Why it is disabled; null while enabled.
             * @enum {string|null}
             */
            disabled_reason: "disabled_by_owner" | "gone" | "failing" | null;
        };
        WebhookEndpointListView: {
            /**
             * @example list
             * @enum {string}
             */
            object: "list";
            /** @example /v1/webhook_endpoints */
            url: string;
            data: components["schemas"]["WebhookEndpointView"][];
            /** @description Whether there are more objects beyond this page. */
            has_more: boolean;
        };
        UpdateWebhookEndpointDto: {
            /** Format: uri */
            url?: string;
            enabled_events?: ("*" | "payment_intent.created" | "payment_intent.requires_capture" | "payment_intent.succeeded" | "payment_intent.canceled" | "payment_intent.payment_failed" | "refund.succeeded" | "refund.failed" | "settlement.completed" | "payout.paid" | "payout.failed" | "webhook_endpoint.disabled" | "wallet.top_up.succeeded" | "wallet.top_up.failed" | "wallet.transfer.sent" | "wallet.transfer.received" | "wallet.withdrawal.paid" | "wallet.withdrawal.failed" | "customer.frozen" | "customer.unfrozen" | "customer.updated" | "credit_line.approved" | "credit_line.updated" | "credit_application.declined" | "credit_line.suspended" | "credit_line.reopened" | "credit_line.closed" | "loan.disbursed")[];
            description?: string;
        };
        DeletedWebhookEndpointView: {
            /** @example we_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            id: string;
            /**
             * @example webhook_endpoint
             * @enum {string}
             */
            object: "webhook_endpoint";
            /** @enum {boolean} */
            deleted: true;
        };
        WebhookAttemptView: {
            /** @example wha_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            id: string;
            /**
             * @example webhook_attempt
             * @enum {string}
             */
            object: "webhook_attempt";
            /** Format: int64 */
            created: number;
            /** @example evt_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            event: string;
            /** @example we_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            endpoint: string;
            /** @description The receiver's status code; null when there was no response. */
            status_code: number | null;
            /** @description What went wrong without a usable response (a network error, a timeout, a redirect not followed). */
            error: string | null;
            latency_ms: number;
            /** @description The first bytes of the receiver's response body; null when there was no response. */
            response_excerpt: string | null;
            /**
             * Format: int64
             * @description When the next attempt is due; null when none will follow.
             */
            next_retry_at: number | null;
        };
        WebhookAttemptListView: {
            /**
             * @example list
             * @enum {string}
             */
            object: "list";
            /** @example /v1/webhook_endpoints/we_01J9Z3K8E5Q7W2V6X4Y8T0R2M1/deliveries */
            url: string;
            data: components["schemas"]["WebhookAttemptView"][];
            /** @description Whether there are more objects beyond this page. */
            has_more: boolean;
        };
        CustomerView: {
            /** @example cus_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            id: string;
            /**
             * @example customer
             * @enum {string}
             */
            object: "customer";
            /**
             * @description E.164.
             * @example +8613800138000
             */
            phone: string;
            name: string | null;
            /**
             * @description Sets the wallet's limits.
             * @enum {integer}
             */
            kyc_tier: 1 | 2 | 3;
            /** @enum {string} */
            status: "active" | "frozen" | "closed";
            /** @description Your own key-value pairs, as given. */
            metadata: {
                [key: string]: string;
            };
            /** Format: int64 */
            created: number;
        };
        CreditLineView: {
            /** @example cl_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            id: string;
            /**
             * @example credit_line
             * @enum {string}
             */
            object: "credit_line";
            /** Format: int64 */
            created: number;
            /** @example cus_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            customer: string;
            /** @example cpr_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            product: string;
            /**
             * @example cny
             * @enum {string}
             */
            currency: "cny" | "hkd" | "twd" | "usd" | "eur" | "gbp" | "chf" | "cad" | "aud" | "nzd" | "sgd" | "myr" | "thb" | "php" | "inr" | "idr" | "mxn" | "brl" | "zar" | "sek" | "nok" | "dkk" | "pln" | "jpy" | "krw" | "vnd" | "clp" | "isk" | "bhd" | "kwd" | "omr" | "jod" | "tnd";
            /**
             * @description `active` lends; `suspended` lends nothing until reopened; `closed` for good.
             * @enum {string}
             */
            status: "active" | "suspended" | "closed";
            /**
             * Format: int64
             * @description The most its loans may owe in principal at once.
             */
            limit: number;
            /**
             * Format: int64
             * @description What is left to borrow: limit - principal_outstanding, never below 0.
             */
            available: number;
            /**
             * Format: int64
             * @description The principal its loans still owe.
             */
            principal_outstanding: number;
        };
        CreditFactsView: {
            /** @description The wallet’s status when the customer applied. */
            wallet_status: string;
            /** @enum {integer} */
            kyc_tier: 1 | 2 | 3;
            account_age_days: number;
            /**
             * Format: int64
             * @description Money into the wallet over the last 90 days, the customer’s own loans excluded.
             */
            inflows_90d: number;
            /** @description An instalment past due and grace, or a loan written off. */
            delinquent: boolean;
            /**
             * Format: int64
             * @description The limits of the customer’s other lines in this currency that are not closed.
             */
            other_limits: number;
            /**
             * Format: int64
             * @description The product’s line for the customer’s KYC tier.
             */
            tier_limit: number;
            /**
             * Format: int64
             * @description The product’s smallest loan.
             */
            min_amount: number;
        };
        CreditApplicationView: {
            /** @example cap_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            id: string;
            /**
             * @example credit_application
             * @enum {string}
             */
            object: "credit_application";
            /** Format: int64 */
            created: number;
            /** @example cus_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            customer: string;
            /** @example cpr_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            product: string;
            /** @enum {string} */
            decision: "approved" | "declined";
            /** @description Why it was declined: every rule that failed (empty when approved). */
            reasons: ("wallet_not_active" | "kyc_tier_not_eligible" | "account_too_new" | "delinquent" | "insufficient_history")[];
            /**
             * Format: int64
             * @description The approved limit.
             */
            limit: number | null;
            /**
             * @description The line it opened.
             * @example cl_01J9Z3K8E5Q7W2V6X4Y8T0R2M1
             */
            line: string | null;
            facts: components["schemas"]["CreditFactsView"];
        };
        LoanInstallmentView: {
            number: number;
            /**
             * Format: date
             * @description When it is due.
             * @example 2026-12-31
             */
            due_date: string;
            /** Format: int64 */
            principal: number;
            /** Format: int64 */
            interest: number;
            /**
             * Format: int64
             * @description principal + interest.
             */
            total: number;
            /** Format: int64 */
            principal_paid: number;
            /** Format: int64 */
            interest_paid: number;
            /** @description Paid in full. */
            paid: boolean;
        };
        LoanView: {
            /** @example ln_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            id: string;
            /**
             * @example loan
             * @enum {string}
             */
            object: "loan";
            /** Format: int64 */
            created: number;
            /** @example cl_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            line: string;
            /** @example cus_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            customer: string;
            /**
             * @example cny
             * @enum {string}
             */
            currency: "cny" | "hkd" | "twd" | "usd" | "eur" | "gbp" | "chf" | "cad" | "aud" | "nzd" | "sgd" | "myr" | "thb" | "php" | "inr" | "idr" | "mxn" | "brl" | "zar" | "sek" | "nok" | "dkk" | "pln" | "jpy" | "krw" | "vnd" | "clp" | "isk" | "bhd" | "kwd" | "omr" | "jod" | "tnd";
            /** @enum {string} */
            status: "active" | "paid_off" | "written_off";
            /**
             * Format: int64
             * @description What was lent, paid into the wallet at drawdown.
             */
            principal: number;
            /**
             * Format: int64
             * @description The principal still owed.
             */
            principal_outstanding: number;
            /** @description Months. */
            term: number;
            /** @enum {string} */
            repayment_method: "equal_installment" | "equal_principal";
            /**
             * @description The annual percentage rate of this loan, all it costs included.
             * @example 18.25
             */
            annual_percentage_rate: string;
            /**
             * @description The daily interest rate it keeps for its life.
             * @example 0.0005
             */
            daily_rate: string;
            /**
             * @description The penalty rate per day on overdue principal it keeps for its life.
             * @example 0.0005
             */
            penalty_daily_rate: string;
            /**
             * Format: date
             * @description The day it was drawn, in the bank’s time zone: the anchor of its due dates.
             * @example 2026-12-31
             */
            drawdown_date: string;
            schedule: components["schemas"]["LoanInstallmentView"][];
        };
        EventDataView: {
            /** @description The object (a payment intent, refund, payout, wallet transfer, customer...), named by its `object`. */
            object: components["schemas"]["PaymentIntentView"] | components["schemas"]["RefundView"] | components["schemas"]["SettlementWithPaymentsView"] | components["schemas"]["PayoutView"] | components["schemas"]["WebhookEndpointView"] | components["schemas"]["WalletTopUpView"] | components["schemas"]["WalletTransferView"] | components["schemas"]["WalletWithdrawalView"] | components["schemas"]["CustomerView"] | components["schemas"]["CreditLineView"] | components["schemas"]["CreditApplicationView"] | components["schemas"]["LoanView"];
        };
        EventView: {
            /** @example evt_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            id: string;
            /**
             * @example event
             * @enum {string}
             */
            object: "event";
            /** @enum {string} */
            type: "payment_intent.created" | "payment_intent.requires_capture" | "payment_intent.succeeded" | "payment_intent.canceled" | "payment_intent.payment_failed" | "refund.succeeded" | "refund.failed" | "settlement.completed" | "payout.paid" | "payout.failed" | "webhook_endpoint.disabled" | "wallet.top_up.succeeded" | "wallet.top_up.failed" | "wallet.transfer.sent" | "wallet.transfer.received" | "wallet.withdrawal.paid" | "wallet.withdrawal.failed" | "customer.frozen" | "customer.unfrozen" | "customer.updated" | "credit_line.approved" | "credit_line.updated" | "credit_application.declined" | "credit_line.suspended" | "credit_line.reopened" | "credit_line.closed" | "loan.disbursed";
            /** Format: int64 */
            created: number;
            data: components["schemas"]["EventDataView"];
        };
        EventListView: {
            /**
             * @example list
             * @enum {string}
             */
            object: "list";
            /** @example /v1/events */
            url: string;
            data: components["schemas"]["EventView"][];
            /** @description Whether there are more objects beyond this page. */
            has_more: boolean;
        };
        EventRedeliveryView: {
            /** @example evt_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            id: string;
            /**
             * @example event
             * @enum {string}
             */
            object: "event";
            /** @description The enabled endpoints subscribed to the event, which it is sent to again now, by id. */
            redelivering_to: string[];
        };
        CreditLimitsByTierDto: {
            /** Format: int64 */
            tier_1: number;
            /** Format: int64 */
            tier_2: number;
            /** Format: int64 */
            tier_3: number;
        };
        CreateCreditProductDto: {
            /**
             * @example cny
             * @enum {string}
             */
            currency: "cny" | "hkd" | "twd" | "usd" | "eur" | "gbp" | "chf" | "cad" | "aud" | "nzd" | "sgd" | "myr" | "thb" | "php" | "inr" | "idr" | "mxn" | "brl" | "zar" | "sek" | "nok" | "dkk" | "pln" | "jpy" | "krw" | "vnd" | "clp" | "isk" | "bhd" | "kwd" | "omr" | "jod" | "tnd";
            /**
             * @description Interest per day on the outstanding principal, e.g. "0.0005" (18.25 % a year).
             * @example 0.0005
             */
            daily_rate: string;
            /**
             * @description Penalty interest per day on overdue principal, on top of the daily rate.
             * @example 0.0005
             */
            penalty_daily_rate: string;
            /** @description The terms offered, in months (for example 3, 6 and 12). */
            terms: number[];
            /** @description How instalments are shaped: `equal_installment` (a level payment) and/or `equal_principal`. */
            repayment_methods: ("equal_installment" | "equal_principal")[];
            /**
             * Format: int64
             * @description The smallest loan, in minor units.
             */
            min_amount: number;
            /**
             * Format: int64
             * @description The largest loan, in minor units.
             */
            max_amount: number;
            /** @description Days after a due date before an unpaid instalment is overdue: 0 to 30. */
            grace_days: number;
            /** @description Your own key-value pairs: at most 50 keys of up to 40 characters, string values of up to 500. */
            metadata?: {
                [key: string]: string;
            };
            /** @description Shown to customers, e.g. "Flexible loan". */
            name: string;
            /** @description The largest credit line for each KYC tier. */
            limits_by_kyc_tier: components["schemas"]["CreditLimitsByTierDto"];
        };
        CreditLimitsByTierView: {
            /** Format: int64 */
            tier_1: number;
            /** Format: int64 */
            tier_2: number;
            /** Format: int64 */
            tier_3: number;
        };
        CreditProductView: {
            /** @example cpr_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            id: string;
            /**
             * @example credit_product
             * @enum {string}
             */
            object: "credit_product";
            /** Format: int64 */
            created: number;
            name: string;
            /**
             * @example cny
             * @enum {string}
             */
            currency: "cny" | "hkd" | "twd" | "usd" | "eur" | "gbp" | "chf" | "cad" | "aud" | "nzd" | "sgd" | "myr" | "thb" | "php" | "inr" | "idr" | "mxn" | "brl" | "zar" | "sek" | "nok" | "dkk" | "pln" | "jpy" | "krw" | "vnd" | "clp" | "isk" | "bhd" | "kwd" | "omr" | "jod" | "tnd";
            /**
             * @description `retired`: no new lines or loans.
             * @enum {string}
             */
            status: "active" | "retired";
            /**
             * @description The annual percentage rate (365 x daily_rate), shown first to customers.
             * @example 18.25
             */
            annual_percentage_rate: string;
            /**
             * @description Interest per day on the outstanding principal.
             * @example 0.0005
             */
            daily_rate: string;
            /**
             * @description Penalty interest per day on overdue principal, on top of the daily rate.
             * @example 0.0005
             */
            penalty_daily_rate: string;
            /** @description Months. */
            terms: number[];
            repayment_methods: ("equal_installment" | "equal_principal")[];
            /** Format: int64 */
            min_amount: number;
            /** Format: int64 */
            max_amount: number;
            /** @description The largest line for each KYC tier (0: may not borrow). */
            limits_by_kyc_tier: components["schemas"]["CreditLimitsByTierView"];
            grace_days: number;
            /** @description Your own key-value pairs, as given. */
            metadata: {
                [key: string]: string;
            };
        };
        CreditProductListView: {
            /**
             * @example list
             * @enum {string}
             */
            object: "list";
            /** @example /v1/credit/products */
            url: string;
            data: components["schemas"]["CreditProductView"][];
            /** @description Whether there are more objects beyond this page. */
            has_more: boolean;
        };
        UpdateCreditProductDto: {
            /** @description Your own key-value pairs: at most 50 keys of up to 40 characters, string values of up to 500. */
            metadata?: {
                [key: string]: string;
            };
            name?: string;
            /**
             * @description `retired`: offered to nobody any more (its loans run on).
             * @enum {string}
             */
            status?: "active" | "retired";
            limits_by_kyc_tier?: components["schemas"]["CreditLimitsByTierDto"];
        };
        CreateCreditQuoteDto: {
            /**
             * Format: int64
             * @description The loan, in the product's currency's minor units, within its min_amount and max_amount.
             */
            amount: number;
            /** @description Months: one of the product's terms. */
            term: number;
            /** @description The credit product (`cpr_...`), active. */
            product: string;
            /**
             * @description One of the product's repayment methods.
             * @enum {string}
             */
            repayment_method: "equal_installment" | "equal_principal";
        };
        CreditInstalmentView: {
            number: number;
            /**
             * Format: date
             * @description The due date: the drawdown day of the month, or the month’s last day when it is shorter.
             * @example 2026-12-31
             */
            due_date: string;
            /** @description Days of interest in this period. */
            days: number;
            /** Format: int64 */
            principal: number;
            /**
             * Format: int64
             * @description The daily rate on the balance before this instalment, for its days, rounded half up.
             */
            interest: number;
            /**
             * Format: int64
             * @description principal + interest: what is due that day.
             */
            total: number;
            /**
             * Format: int64
             * @description The principal still owed after this instalment.
             */
            balance_after: number;
        };
        CreditQuoteView: {
            /**
             * @example credit_quote
             * @enum {string}
             */
            object: "credit_quote";
            /** Format: int64 */
            created: number;
            /** @example cpr_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            product: string;
            /**
             * @example cny
             * @enum {string}
             */
            currency: "cny" | "hkd" | "twd" | "usd" | "eur" | "gbp" | "chf" | "cad" | "aud" | "nzd" | "sgd" | "myr" | "thb" | "php" | "inr" | "idr" | "mxn" | "brl" | "zar" | "sek" | "nok" | "dkk" | "pln" | "jpy" | "krw" | "vnd" | "clp" | "isk" | "bhd" | "kwd" | "omr" | "jod" | "tnd";
            /** Format: int64 */
            amount: number;
            /** @description Months. */
            term: number;
            /** @enum {string} */
            repayment_method: "equal_installment" | "equal_principal";
            /**
             * @description The annual percentage rate of this loan, all it costs included (the IRR on actual days).
             * @example 18.25
             */
            annual_percentage_rate: string;
            /**
             * @description The daily interest rate.
             * @example 0.0005
             */
            daily_rate: string;
            /**
             * Format: date
             * @description The day the loan would be drawn (today, in the bank’s time zone).
             * @example 2026-12-31
             */
            drawdown_date: string;
            /** Format: int64 */
            total_interest: number;
            /**
             * Format: int64
             * @description amount + total_interest.
             */
            total_repayment: number;
            schedule: components["schemas"]["CreditInstalmentView"][];
        };
        CreateCreditApplicationDto: {
            /** @description The credit product (`cpr_...`) to apply for. */
            product: string;
        };
        CreditLineListView: {
            /**
             * @example list
             * @enum {string}
             */
            object: "list";
            /** @example /v1/credit/lines */
            url: string;
            data: components["schemas"]["CreditLineView"][];
            /** @description Whether there are more objects beyond this page. */
            has_more: boolean;
        };
        UpdateCreditLineDto: {
            /**
             * Format: int64
             * @description The line's new limit, in minor units (0 lends nothing more).
             */
            limit?: number;
            /**
             * @description `suspended` lends nothing until `active` again; `closed` is for good (its loans must be repaid first).
             * @enum {string}
             */
            status?: "active" | "suspended" | "closed";
        };
        CreateLoanDto: {
            /**
             * Format: int64
             * @description The loan, in the product's currency's minor units, within its min_amount and max_amount.
             */
            amount: number;
            /** @description Months: one of the product's terms. */
            term: number;
            /** @description The line to draw on (`cl_...`); may be left out when the customer has only one. */
            line?: string;
            /**
             * @description One of the product's repayment methods.
             * @enum {string}
             */
            repayment_method: "equal_installment" | "equal_principal";
        };
        LoanListView: {
            /**
             * @example list
             * @enum {string}
             */
            object: "list";
            /** @example /v1/credit/loans */
            url: string;
            data: components["schemas"]["LoanView"][];
            /** @description Whether there are more objects beyond this page. */
            has_more: boolean;
        };
        MerchantPricingDto: {
            /** @description Fee on each captured payment in basis points (100 = 1 %), 0 to 10000. */
            fee_bps: number;
            /**
             * @description An additional fixed fee per payment, by currency, in minor units.
             * @example {
             *       "cny": 10
             *     }
             */
            fixed_fees?: {
                [key: string]: number;
            };
        };
        BankAccountDto: {
            /** @description The name on the account, 1 to 140 characters. */
            account_holder_name: string;
            /** @description The bank's identifier (for example a CNAPS code, BIC or sort code): 3 to 12 letters or digits. */
            bank_code: string;
            /** @description The account number or IBAN: 6 to 34 capital letters or digits. */
            account_number: string;
        };
        CreateMerchantDto: {
            /** @description Seconds from capture until the money is available (default 86400, at most 30 days). */
            settlement_delay_seconds?: number;
            /** @description Your own key-value pairs: at most 50 keys of up to 40 characters, string values of up to 500. */
            metadata?: {
                [key: string]: string;
            };
            /** @description The merchant's display name. */
            name: string;
            /**
             * Format: email
             * @description Where Tally's operator reaches the merchant.
             */
            email?: string;
            /** @description How the merchant is charged; the default is no fee. */
            pricing?: components["schemas"]["MerchantPricingDto"];
            /**
             * @description `manual` (the merchant asks for payouts) or `daily` (the available balance is paid out every day).
             * @enum {string}
             */
            payout_schedule?: "manual" | "daily";
            /** @description Where payouts go. */
            bank_account?: components["schemas"]["BankAccountDto"];
        };
        MerchantPricingView: {
            /** @description The fee on each captured payment in basis points (100 = 1 %). */
            fee_bps: number;
            /**
             * @description A fixed fee per payment by currency (lower-case ISO 4217), in the currency's minor unit.
             * @example {
             *       "cny": 10
             *     }
             */
            fixed_fees: {
                [key: string]: number;
            };
        };
        MerchantBankAccountView: {
            account_holder_name: string;
            /** @example 102100099996 */
            bank_code: string;
            /** @example 6789 */
            account_number_last4: string;
        };
        MerchantWithSecretKeyView: {
            /** @example mch_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            id: string;
            /**
             * @example merchant
             * @enum {string}
             */
            object: "merchant";
            /** @description The merchant's display name. */
            name: string;
            /** @description Where Tally's operator reaches the merchant. */
            email: string | null;
            /** @enum {string} */
            status: "active" | "disabled";
            /** @description Your own key-value pairs, as given. */
            metadata: {
                [key: string]: string;
            };
            pricing: components["schemas"]["MerchantPricingView"];
            /** @description Seconds from capture until the money is available. */
            settlement_delay_seconds: number;
            /**
             * @description `manual` (the merchant asks for payouts) or `daily` (the available balance is paid out daily).
             * @enum {string}
             */
            payout_schedule: "manual" | "daily";
            /** @description Null until set. */
            bank_account: components["schemas"]["MerchantBankAccountView"] | null;
            /** Format: int64 */
            created: number;
            /**
             * @description The secret key. Shown in this response only; Tally keeps only its hash.
             * @example sk_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg
             */
            secret_key: string;
        };
        MerchantView: {
            /** @example mch_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            id: string;
            /**
             * @example merchant
             * @enum {string}
             */
            object: "merchant";
            /** @description The merchant's display name. */
            name: string;
            /** @description Where Tally's operator reaches the merchant. */
            email: string | null;
            /** @enum {string} */
            status: "active" | "disabled";
            /** @description Your own key-value pairs, as given. */
            metadata: {
                [key: string]: string;
            };
            pricing: components["schemas"]["MerchantPricingView"];
            /** @description Seconds from capture until the money is available. */
            settlement_delay_seconds: number;
            /**
             * @description `manual` (the merchant asks for payouts) or `daily` (the available balance is paid out daily).
             * @enum {string}
             */
            payout_schedule: "manual" | "daily";
            /** @description Null until set. */
            bank_account: components["schemas"]["MerchantBankAccountView"] | null;
            /** Format: int64 */
            created: number;
        };
        MerchantListView: {
            /**
             * @example list
             * @enum {string}
             */
            object: "list";
            /** @example /v1/merchants */
            url: string;
            data: components["schemas"]["MerchantView"][];
            /** @description Whether there are more objects beyond this page. */
            has_more: boolean;
        };
        UpdateMerchantDto: {
            /** @description Seconds from capture until the money is available (default 86400, at most 30 days). */
            settlement_delay_seconds?: number;
            /** @description Your own key-value pairs: at most 50 keys of up to 40 characters, string values of up to 500. */
            metadata?: {
                [key: string]: string;
            };
            /** @description How the merchant is charged; the default is no fee. */
            pricing?: components["schemas"]["MerchantPricingDto"];
            /**
             * @description `manual` (the merchant asks for payouts) or `daily` (the available balance is paid out every day).
             * @enum {string}
             */
            payout_schedule?: "manual" | "daily";
            /** @description Where payouts go. */
            bank_account?: components["schemas"]["BankAccountDto"];
            /** @description The merchant's display name. */
            name?: string;
            /**
             * Format: email
             * @description Where Tally's operator reaches the merchant.
             */
            email?: string;
        };
        RollMerchantKeyDto: {
            /**
             * @description Seconds the merchant's current keys keep working beside the new one
             *     (0, the default, stops them now; at most 7 days).
             */
            expire_current_in?: number;
        };
        MerchantKeyView: {
            /** @example mk_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            id: string;
            /**
             * @example merchant_key
             * @enum {string}
             */
            object: "merchant_key";
            /** @example mch_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            merchant: string;
            /**
             * @description The secret key. Shown in this response only; Tally keeps only its hash.
             * @example sk_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg
             */
            secret: string;
            /** @description The key's last four characters, to tell keys apart. */
            last4: string;
            /** Format: int64 */
            created: number;
        };
        CreateCustomerDto: {
            /**
             * @description KYC tier 1, 2 or 3 (China's Class I/II/III accounts); sets the wallet's limits.
             * @enum {integer}
             */
            kyc_tier: 1 | 2 | 3;
            /** @description Your own key-value pairs: at most 50 keys of up to 40 characters, string values of up to 500. */
            metadata?: {
                [key: string]: string;
            };
            /** @description The customer's mobile number in international format (+8613800138000); stored as E.164. */
            phone: string;
            name?: string;
        };
        CustomerListView: {
            /**
             * @example list
             * @enum {string}
             */
            object: "list";
            /** @example /v1/customers */
            url: string;
            data: components["schemas"]["CustomerView"][];
            /** @description Whether there are more objects beyond this page. */
            has_more: boolean;
        };
        UpdateCustomerDto: {
            /**
             * @description A new KYC tier applies its limits from the next movement on.
             * @enum {integer}
             */
            kyc_tier?: 1 | 2 | 3;
            /** @description Your own key-value pairs: at most 50 keys of up to 40 characters, string values of up to 500. */
            metadata?: {
                [key: string]: string;
            };
            name?: string;
        };
        IssueCustomerTokenDto: {
            /** @description Seconds until the token expires (default CUSTOMER_TOKEN_TTL_SECONDS, at most 90 days). */
            expires_in?: number;
        };
        CustomerTokenView: {
            /** @example ctk_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            id: string;
            /**
             * @example customer_token
             * @enum {string}
             */
            object: "customer_token";
            /** @example cus_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            customer: string;
            /** @description The access token for the wallet app. Shown in this response only; Tally keeps only its hash. */
            token: string;
            /** Format: int64 */
            created: number;
            /** Format: int64 */
            expires_at: number;
        };
        RevokedCustomerTokenView: {
            /** @example ctk_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            id: string;
            /**
             * @example customer_token
             * @enum {string}
             */
            object: "customer_token";
            /** @example cus_01J9Z3K8E5Q7W2V6X4Y8T0R2M1 */
            customer: string;
            /** @enum {boolean} */
            revoked: true;
            /**
             * Format: int64
             * @description When it was first revoked (revoking it again changes nothing).
             */
            revoked_at: number;
        };
    };
    responses: {
        /** @description The request is invalid; `param` names the field at fault. */
        BadRequest: {
            headers: {
                "Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ApiErrorView"];
            };
        };
        /** @description No valid key or token. */
        Unauthorized: {
            headers: {
                "Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ApiErrorView"];
            };
        };
        /** @description The payment was refused: insufficient funds, a limit, a frozen wallet. */
        PaymentFailed: {
            headers: {
                "Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ApiErrorView"];
            };
        };
        /** @description This principal may not call this operation. */
        Forbidden: {
            headers: {
                "Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ApiErrorView"];
            };
        };
        /** @description No such object visible to this principal. */
        NotFound: {
            headers: {
                "Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ApiErrorView"];
            };
        };
        /** @description The object's state forbids the change, or a request with this Idempotency-Key is still being processed. */
        Conflict: {
            headers: {
                "Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ApiErrorView"];
            };
        };
        /** @description The request body is larger than the API accepts. */
        PayloadTooLarge: {
            headers: {
                "Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ApiErrorView"];
            };
        };
        /** @description A path parameter is too long to be an id. */
        PathParameterTooLong: {
            headers: {
                "Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ApiErrorView"];
            };
        };
        /** @description The request body is not `application/json`. */
        UnsupportedMediaType: {
            headers: {
                "Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ApiErrorView"];
            };
        };
        /** @description This Idempotency-Key was used with a different request. */
        IdempotencyKeyReused: {
            headers: {
                "Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ApiErrorView"];
            };
        };
        /** @description Too many requests; retry after `Retry-After` seconds. */
        RateLimited: {
            headers: {
                "Request-Id": components["headers"]["RequestId"];
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ApiErrorView"];
            };
        };
        /** @description Tally failed; quote `request_id` to the operator. */
        InternalError: {
            headers: {
                "Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ApiErrorView"];
            };
        };
    };
    parameters: {
        /** @description Makes a retry safe: a retry with the same key and the same request replays the first response (with `Idempotent-Replayed: true`) instead of running it again. Any unique value, such as a UUID; keys are scoped to the caller and kept for 24 hours. */
        IdempotencyKey: string;
    };
    requestBodies: never;
    headers: {
        /** @description The id of this request, as in `request_id` of an error; quote it to the operator. */
        RequestId: string;
        /** @description `true` when this is the stored response of an earlier request with the same Idempotency-Key. */
        IdempotentReplayed: "true";
        /** @description Seconds to wait before retrying. */
        RetryAfter: number;
        /** @description Requests allowed per window. */
        RateLimitLimit: number;
        /** @description Requests left in this window. */
        RateLimitRemaining: number;
        /** @description Seconds until the window resets. */
        RateLimitReset: number;
        /** @description The limit and its window, as `limit;w=seconds`. */
        RateLimitPolicy: string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    LedgerController_listAccounts: {
        parameters: {
            query?: {
                limit?: number;
                /** @description An object id: return the page of objects older than it (the next page). */
                starting_after?: string;
                /** @description An object id: return the page of objects newer than it (the previous page). Not with starting_after. */
                ending_before?: string;
                /** @description Only accounts in this currency. */
                currency?: "cny" | "hkd" | "twd" | "usd" | "eur" | "gbp" | "chf" | "cad" | "aud" | "nzd" | "sgd" | "myr" | "thb" | "php" | "inr" | "idr" | "mxn" | "brl" | "zar" | "sek" | "nok" | "dkk" | "pln" | "jpy" | "krw" | "vnd" | "clp" | "isk" | "bhd" | "kwd" | "omr" | "jod" | "tnd";
                /** @description Only accounts of this owner, e.g. `customer:cus_...`. */
                owner?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LedgerAccountListView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    LedgerController_retrieveAccount: {
        parameters: {
            query?: {
                /** @description Unix seconds: return the balances as they were at that time. */
                at?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LedgerAccountView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["PathParameterTooLong"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    LedgerController_listEntries: {
        parameters: {
            query?: {
                limit?: number;
                /** @description A transfer id of this account: return the older entries. */
                starting_after?: string;
                /** @description A transfer id of this account: return the newer entries. */
                ending_before?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LedgerAccountEntryListView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["PathParameterTooLong"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    LedgerController_retrieveTransfer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LedgerTransferView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["PathParameterTooLong"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    LedgerController_trialBalance: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TrialBalanceView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    LedgerController_reconcile: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a retry with the same key and the same request replays the first response (with `Idempotent-Replayed: true`) instead of running it again. Any unique value, such as a UUID; keys are scoped to the caller and kept for 24 hours. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CreateReconciliationDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReconciliationView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    PaymentIntentsController_list: {
        parameters: {
            query?: {
                limit?: number;
                /** @description An object id: return the page of objects older than it (the next page). */
                starting_after?: string;
                /** @description An object id: return the page of objects newer than it (the previous page). Not with starting_after. */
                ending_before?: string;
                /** @description Only intents in this status. */
                status?: "requires_payment_method" | "requires_capture" | "succeeded" | "canceled";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentIntentListView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    PaymentIntentsController_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a retry with the same key and the same request replays the first response (with `Idempotent-Replayed: true`) instead of running it again. Any unique value, such as a UUID; keys are scoped to the caller and kept for 24 hours. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreatePaymentIntentDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentIntentView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    PaymentIntentsController_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The merchant's view for its merchant, the payer's for a customer. */
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentIntentView"] | components["schemas"]["PayerPaymentIntentView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["PathParameterTooLong"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    PaymentIntentsController_qrSvg: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An SVG image. */
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "image/svg+xml": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["PathParameterTooLong"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    PaymentIntentsController_confirm: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a retry with the same key and the same request replays the first response (with `Idempotent-Replayed: true`) instead of running it again. Any unique value, such as a UUID; keys are scoped to the caller and kept for 24 hours. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayerPaymentIntentView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentFailed"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["PathParameterTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    PaymentIntentsController_capture: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a retry with the same key and the same request replays the first response (with `Idempotent-Replayed: true`) instead of running it again. Any unique value, such as a UUID; keys are scoped to the caller and kept for 24 hours. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CapturePaymentIntentDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentIntentView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["PathParameterTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    PaymentIntentsController_cancel: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a retry with the same key and the same request replays the first response (with `Idempotent-Replayed: true`) instead of running it again. Any unique value, such as a UUID; keys are scoped to the caller and kept for 24 hours. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CancelPaymentIntentDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentIntentView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["PathParameterTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    RefundsController_list: {
        parameters: {
            query?: {
                limit?: number;
                /** @description An object id: return the page of objects older than it (the next page). */
                starting_after?: string;
                /** @description An object id: return the page of objects newer than it (the previous page). Not with starting_after. */
                ending_before?: string;
                /** @description Only the refunds of this payment intent. */
                payment_intent?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RefundListView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    RefundsController_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a retry with the same key and the same request replays the first response (with `Idempotent-Replayed: true`) instead of running it again. Any unique value, such as a UUID; keys are scoped to the caller and kept for 24 hours. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateRefundDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RefundView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    RefundsController_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RefundView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["PathParameterTooLong"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    SettlementController_balance: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BalanceView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    SettlementController_listSettlements: {
        parameters: {
            query?: {
                limit?: number;
                /** @description An object id: return the page of objects older than it (the next page). */
                starting_after?: string;
                /** @description An object id: return the page of objects newer than it (the previous page). Not with starting_after. */
                ending_before?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SettlementListView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    SettlementController_retrieveSettlement: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SettlementWithPaymentsView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["PathParameterTooLong"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    SettlementController_listPayouts: {
        parameters: {
            query?: {
                limit?: number;
                /** @description An object id: return the page of objects older than it (the next page). */
                starting_after?: string;
                /** @description An object id: return the page of objects newer than it (the previous page). Not with starting_after. */
                ending_before?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayoutListView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    SettlementController_createPayout: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a retry with the same key and the same request replays the first response (with `Idempotent-Replayed: true`) instead of running it again. Any unique value, such as a UUID; keys are scoped to the caller and kept for 24 hours. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreatePayoutDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayoutView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentFailed"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    SettlementController_retrievePayout: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayoutView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["PathParameterTooLong"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    WalletsController_wallet: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WalletView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    WalletsController_topUp: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a retry with the same key and the same request replays the first response (with `Idempotent-Replayed: true`) instead of running it again. Any unique value, such as a UUID; keys are scoped to the caller and kept for 24 hours. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WalletAmountDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WalletTopUpView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentFailed"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    WalletsController_retrieveTopUp: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WalletTopUpView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["PathParameterTooLong"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    WalletsController_transfer: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a retry with the same key and the same request replays the first response (with `Idempotent-Replayed: true`) instead of running it again. Any unique value, such as a UUID; keys are scoped to the caller and kept for 24 hours. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateWalletTransferDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WalletTransferView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentFailed"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    WalletsController_retrieveTransfer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WalletTransferView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["PathParameterTooLong"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    WalletsController_withdraw: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a retry with the same key and the same request replays the first response (with `Idempotent-Replayed: true`) instead of running it again. Any unique value, such as a UUID; keys are scoped to the caller and kept for 24 hours. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WalletAmountDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WalletWithdrawalView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentFailed"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    WalletsController_retrieveWithdrawal: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WalletWithdrawalView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["PathParameterTooLong"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    WalletsController_transactions: {
        parameters: {
            query?: {
                limit?: number;
                /** @description Currency of the wallet (default cny). */
                currency?: "cny" | "hkd" | "twd" | "usd" | "eur" | "gbp" | "chf" | "cad" | "aud" | "nzd" | "sgd" | "myr" | "thb" | "php" | "inr" | "idr" | "mxn" | "brl" | "zar" | "sek" | "nok" | "dkk" | "pln" | "jpy" | "krw" | "vnd" | "clp" | "isk" | "bhd" | "kwd" | "omr" | "jod" | "tnd";
                /** @description A line id: return the page of older lines. */
                starting_after?: string;
                /** @description A line id: return the page of newer lines. */
                ending_before?: string;
                type?: "top_up" | "transfer_in" | "transfer_out" | "payment" | "refund" | "withdrawal" | "hold" | "release" | "adjustment";
                /** @description Lines at or after this time (ISO 8601). */
                created_gte?: string;
                /** @description Lines before this time (ISO 8601). */
                created_lt?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WalletTransactionListView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    WebhookEndpointsController_list: {
        parameters: {
            query?: {
                limit?: number;
                /** @description An object id: return the page of objects older than it (the next page). */
                starting_after?: string;
                /** @description An object id: return the page of objects newer than it (the previous page). Not with starting_after. */
                ending_before?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointListView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    WebhookEndpointsController_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a retry with the same key and the same request replays the first response (with `Idempotent-Replayed: true`) instead of running it again. Any unique value, such as a UUID; keys are scoped to the caller and kept for 24 hours. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateWebhookEndpointDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointWithSecretView"];
                };
            };
            /** @description Bad input, `param` naming the field; among them a `url` that deliveries would refuse: one that is, or resolves to, a non-public address (loopback too, unless WEBHOOK_ALLOW_LOOPBACK is true, its default outside production), or a host name that does not resolve. Nothing is written. */
            400: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorView"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    WebhookEndpointsController_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["PathParameterTooLong"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    WebhookEndpointsController_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeletedWebhookEndpointView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["PathParameterTooLong"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    WebhookEndpointsController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["UpdateWebhookEndpointDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointView"];
                };
            };
            /** @description Bad input, `param` naming the field; among them a `url` that deliveries would refuse: one that is, or resolves to, a non-public address (loopback too, unless WEBHOOK_ALLOW_LOOPBACK is true, its default outside production), or a host name that does not resolve. Nothing is written. */
            400: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiErrorView"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["PathParameterTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    WebhookEndpointsController_enable: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a retry with the same key and the same request replays the first response (with `Idempotent-Replayed: true`) instead of running it again. Any unique value, such as a UUID; keys are scoped to the caller and kept for 24 hours. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["PathParameterTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    WebhookEndpointsController_disable: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a retry with the same key and the same request replays the first response (with `Idempotent-Replayed: true`) instead of running it again. Any unique value, such as a UUID; keys are scoped to the caller and kept for 24 hours. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["PathParameterTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    WebhookEndpointsController_rollSecret: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a retry with the same key and the same request replays the first response (with `Idempotent-Replayed: true`) instead of running it again. Any unique value, such as a UUID; keys are scoped to the caller and kept for 24 hours. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointWithSecretView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["PathParameterTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    WebhookEndpointsController_deliveries: {
        parameters: {
            query?: {
                limit?: number;
                /** @description An object id: return the page of objects older than it (the next page). */
                starting_after?: string;
                /** @description An object id: return the page of objects newer than it (the previous page). Not with starting_after. */
                ending_before?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookAttemptListView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["PathParameterTooLong"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    EventsController_list: {
        parameters: {
            query?: {
                limit?: number;
                /** @description An object id: return the page of objects older than it (the next page). */
                starting_after?: string;
                /** @description An object id: return the page of objects newer than it (the previous page). Not with starting_after. */
                ending_before?: string;
                type?: "payment_intent.created" | "payment_intent.requires_capture" | "payment_intent.succeeded" | "payment_intent.canceled" | "payment_intent.payment_failed" | "refund.succeeded" | "refund.failed" | "settlement.completed" | "payout.paid" | "payout.failed" | "webhook_endpoint.disabled" | "wallet.top_up.succeeded" | "wallet.top_up.failed" | "wallet.transfer.sent" | "wallet.transfer.received" | "wallet.withdrawal.paid" | "wallet.withdrawal.failed" | "customer.frozen" | "customer.unfrozen" | "customer.updated" | "credit_line.approved" | "credit_line.updated" | "credit_application.declined" | "credit_line.suspended" | "credit_line.reopened" | "credit_line.closed" | "loan.disbursed";
                /** @description Events at or after this time (ISO 8601). */
                created_gte?: string;
                /** @description Events before this time (ISO 8601). */
                created_lt?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventListView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    EventsController_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["PathParameterTooLong"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    EventsController_redeliver: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a retry with the same key and the same request replays the first response (with `Idempotent-Replayed: true`) instead of running it again. Any unique value, such as a UUID; keys are scoped to the caller and kept for 24 hours. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventRedeliveryView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["PathParameterTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    CreditController_listProducts: {
        parameters: {
            query?: {
                limit?: number;
                /** @description An object id: return the page of objects older than it (the next page). */
                starting_after?: string;
                /** @description An object id: return the page of objects newer than it (the previous page). Not with starting_after. */
                ending_before?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreditProductListView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    CreditController_createProduct: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a retry with the same key and the same request replays the first response (with `Idempotent-Replayed: true`) instead of running it again. Any unique value, such as a UUID; keys are scoped to the caller and kept for 24 hours. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateCreditProductDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreditProductView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    CreditController_retrieveProduct: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreditProductView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["PathParameterTooLong"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    CreditController_updateProduct: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["UpdateCreditProductDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreditProductView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["PathParameterTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    CreditController_quote: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a retry with the same key and the same request replays the first response (with `Idempotent-Replayed: true`) instead of running it again. Any unique value, such as a UUID; keys are scoped to the caller and kept for 24 hours. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateCreditQuoteDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreditQuoteView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    CreditController_apply: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a retry with the same key and the same request replays the first response (with `Idempotent-Replayed: true`) instead of running it again. Any unique value, such as a UUID; keys are scoped to the caller and kept for 24 hours. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateCreditApplicationDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreditApplicationView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    CreditController_listLines: {
        parameters: {
            query?: {
                limit?: number;
                /** @description An object id: return the page of objects older than it (the next page). */
                starting_after?: string;
                /** @description An object id: return the page of objects newer than it (the previous page). Not with starting_after. */
                ending_before?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreditLineListView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    CreditController_retrieveLine: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreditLineView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["PathParameterTooLong"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    CreditController_updateLine: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["UpdateCreditLineDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreditLineView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["PathParameterTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    CreditController_listLoans: {
        parameters: {
            query?: {
                limit?: number;
                /** @description An object id: return the page of objects older than it (the next page). */
                starting_after?: string;
                /** @description An object id: return the page of objects newer than it (the previous page). Not with starting_after. */
                ending_before?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoanListView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    CreditController_drawdown: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a retry with the same key and the same request replays the first response (with `Idempotent-Replayed: true`) instead of running it again. Any unique value, such as a UUID; keys are scoped to the caller and kept for 24 hours. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateLoanDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoanView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            402: components["responses"]["PaymentFailed"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    CreditController_retrieveLoan: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LoanView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["PathParameterTooLong"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    HealthController_live: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The Health Check is successful */
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @example ok
                         * @enum {string}
                         */
                        status?: "ok" | "degraded";
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up",
                         *         "responseTime": 12
                         *       }
                         *     }
                         */
                        info?: {
                            [key: string]: {
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /** @example {} */
                        error?: {
                            [key: string]: {
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up",
                         *         "responseTime": 12
                         *       }
                         *     }
                         */
                        details?: {
                            [key: string]: {
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                            } & {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            /** @description The Health Check is not successful */
            503: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @example error
                         * @enum {string}
                         */
                        status?: "error" | "shutting_down";
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up",
                         *         "responseTime": 12
                         *       }
                         *     }
                         */
                        info?: {
                            [key: string]: {
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example {
                         *       "redis": {
                         *         "status": "down",
                         *         "message": "Could not connect",
                         *         "responseTime": 3005
                         *       }
                         *     }
                         */
                        error?: {
                            [key: string]: {
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up",
                         *         "responseTime": 12
                         *       },
                         *       "redis": {
                         *         "status": "down",
                         *         "message": "Could not connect",
                         *         "responseTime": 3005
                         *       }
                         *     }
                         */
                        details?: {
                            [key: string]: {
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                            } & {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
    };
    HealthController_ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The Health Check is successful */
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @example ok
                         * @enum {string}
                         */
                        status?: "ok" | "degraded";
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up",
                         *         "responseTime": 12
                         *       }
                         *     }
                         */
                        info?: {
                            [key: string]: {
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /** @example {} */
                        error?: {
                            [key: string]: {
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up",
                         *         "responseTime": 12
                         *       }
                         *     }
                         */
                        details?: {
                            [key: string]: {
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                            } & {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            /** @description The Health Check is not successful */
            503: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @example error
                         * @enum {string}
                         */
                        status?: "error" | "shutting_down";
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up",
                         *         "responseTime": 12
                         *       }
                         *     }
                         */
                        info?: {
                            [key: string]: {
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example {
                         *       "redis": {
                         *         "status": "down",
                         *         "message": "Could not connect",
                         *         "responseTime": 3005
                         *       }
                         *     }
                         */
                        error?: {
                            [key: string]: {
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up",
                         *         "responseTime": 12
                         *       },
                         *       "redis": {
                         *         "status": "down",
                         *         "message": "Could not connect",
                         *         "responseTime": 3005
                         *       }
                         *     }
                         */
                        details?: {
                            [key: string]: {
                                /** @enum {string} */
                                status: "up" | "degraded" | "down";
                                /** @description Time the health indicator took to respond, in ms */
                                responseTime?: number;
                            } & {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
        };
    };
    MerchantsController_list: {
        parameters: {
            query?: {
                limit?: number;
                /** @description An object id: return the page of objects older than it (the next page). */
                starting_after?: string;
                /** @description An object id: return the page of objects newer than it (the previous page). Not with starting_after. */
                ending_before?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MerchantListView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    MerchantsController_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a retry with the same key and the same request replays the first response (with `Idempotent-Replayed: true`) instead of running it again. Any unique value, such as a UUID; keys are scoped to the caller and kept for 24 hours. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateMerchantDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MerchantWithSecretKeyView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    MerchantsController_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MerchantView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["PathParameterTooLong"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    MerchantsController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["UpdateMerchantDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MerchantView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["PathParameterTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    MerchantsController_rollKey: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a retry with the same key and the same request replays the first response (with `Idempotent-Replayed: true`) instead of running it again. Any unique value, such as a UUID; keys are scoped to the caller and kept for 24 hours. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RollMerchantKeyDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MerchantKeyView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["PathParameterTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    CustomersController_list: {
        parameters: {
            query?: {
                limit?: number;
                /** @description An object id: return the page of objects older than it (the next page). */
                starting_after?: string;
                /** @description An object id: return the page of objects newer than it (the previous page). Not with starting_after. */
                ending_before?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomerListView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    CustomersController_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a retry with the same key and the same request replays the first response (with `Idempotent-Replayed: true`) instead of running it again. Any unique value, such as a UUID; keys are scoped to the caller and kept for 24 hours. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateCustomerDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomerView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    CustomersController_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomerView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            414: components["responses"]["PathParameterTooLong"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    CustomersController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["UpdateCustomerDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomerView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["PathParameterTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    CustomersController_freeze: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a retry with the same key and the same request replays the first response (with `Idempotent-Replayed: true`) instead of running it again. Any unique value, such as a UUID; keys are scoped to the caller and kept for 24 hours. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomerView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["PathParameterTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    CustomersController_unfreeze: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a retry with the same key and the same request replays the first response (with `Idempotent-Replayed: true`) instead of running it again. Any unique value, such as a UUID; keys are scoped to the caller and kept for 24 hours. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomerView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["PathParameterTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    CustomersController_issueToken: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a retry with the same key and the same request replays the first response (with `Idempotent-Replayed: true`) instead of running it again. Any unique value, such as a UUID; keys are scoped to the caller and kept for 24 hours. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["IssueCustomerTokenDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomerTokenView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["PathParameterTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
    CustomersController_revokeToken: {
        parameters: {
            query?: never;
            header?: {
                /** @description Makes a retry safe: a retry with the same key and the same request replays the first response (with `Idempotent-Replayed: true`) instead of running it again. Any unique value, such as a UUID; keys are scoped to the caller and kept for 24 hours. */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                id: string;
                tokenId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    "Request-Id": components["headers"]["RequestId"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    "RateLimit-Limit": components["headers"]["RateLimitLimit"];
                    "RateLimit-Remaining": components["headers"]["RateLimitRemaining"];
                    "RateLimit-Reset": components["headers"]["RateLimitReset"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RevokedCustomerTokenView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            414: components["responses"]["PathParameterTooLong"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
        };
    };
}
