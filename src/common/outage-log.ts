// A connection that cannot reach its service fails again at every reconnect
// attempt; logging each failure floods the log for as long as the outage
// lasts. An OutageLog logs one structured warning when a group of
// connections (Redis's command connection, the queue workers...) starts
// failing and one line when it works again, with how long it was down and
// how many failures it hid.
import { Logger } from '@nestjs/common';

interface Outage {
  since: number;
  failures: number;
}

export class OutageLog {
  private outage: Outage | null = null;

  /** @param group what failed, as operators know it (`redis commands`, `queue workers`) */
  constructor(
    private readonly group: string,
    private readonly logger: Pick<Logger, 'warn' | 'log'> = new Logger('Connections'),
  ) {}

  get isDown(): boolean {
    return this.outage !== null;
  }

  /** A failure of the group: warned about if it starts an outage, counted otherwise. */
  failed(error: Error): void {
    if (this.outage) {
      this.outage.failures += 1;
      return;
    }
    this.outage = { since: Date.now(), failures: 1 };
    const code = (error as { code?: unknown }).code;
    this.logger.warn({
      msg: `${this.group} unavailable, retrying: ${error.message}`,
      group: this.group,
      error: error.message,
      ...(typeof code === 'string' ? { code } : {}),
    });
  }

  /** The group works (again): logged once if it was down. */
  recovered(): void {
    const outage = this.outage;
    if (!outage) return;
    this.outage = null;
    const seconds = Math.round((Date.now() - outage.since) / 1000);
    this.logger.log({
      msg: `${this.group} available again after ${seconds} s (${outage.failures} failed attempts)`,
      group: this.group,
      downSeconds: seconds,
      failures: outage.failures,
    });
  }
}
