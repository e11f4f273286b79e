/** Job names of the settlement and payouts queues (kept apart so payments can schedule them). */
export const SETTLEMENT_JOBS = { settleMerchant: 'settle-merchant' } as const;
export const PAYOUT_JOBS = { sendPayout: 'send-payout', checkPayout: 'check-payout' } as const;
