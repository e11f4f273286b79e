// Job names one capability enqueues for another (payments write settlement's
// job into the outbox at capture), kept below both so that neither imports
// the other. A capability's jobs that only it enqueues keep their names at home.

/** Jobs of the `settlement` queue. */
export const SETTLEMENT_JOBS = { settleMerchant: 'settle-merchant' } as const;
/** Jobs of the `payouts` queue. */
export const PAYOUT_JOBS = { sendPayout: 'send-payout', checkPayout: 'check-payout' } as const;
