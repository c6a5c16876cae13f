// Runs the low-balance sweep (@relay/services alerts/low-balance.ts) from the long-running proxy:
// shortly after this replica commits charges or a balance-change notification arrives (nudges
// within `delayMs` share one sweep), and every `intervalMs` as the fallback for anything else.
// Every replica runs it; the sweep's atomic claim makes sure each crossing is emailed once however
// many replicas sweep at the same moment.
import type { Db } from "@relay/db";
import { type LowBalanceSweep, sweepLowBalance } from "@relay/services/low-balance";
import type { MailSettings } from "@relay/services/mail-settings";
import { BALANCE_CHANNEL, type ChangeHandlers } from "../auth/revocations.ts";
import { defaultLogger, type Logger } from "../observability/logger.ts";

export interface LowBalanceJob {
  /** A balance changed somewhere: sweep soon. */
  nudge(): void;
  /** Sweeps now (or right after the sweep under way) and resolves when that sweep is done. */
  sweepNow(): Promise<void>;
  /** No new sweeps; waits for the one under way. */
  stop(): Promise<void>;
}

export interface LowBalanceJobOptions {
  db: Db;
  /** For the top-up link in the email. */
  consoleUrl?: string;
  delayMs?: number;
  intervalMs?: number;
  /** SMTP_URL and MAIL_FROM, validated with the rest of the proxy's environment. */
  settings: MailSettings;
  onSwept?: (result: LowBalanceSweep) => void;
  log?: Logger;
}

export function startLowBalanceJob(options: LowBalanceJobOptions): LowBalanceJob {
  const settings = options.settings;
  const delayMs = options.delayMs ?? 1_000;
  const log = options.log ?? defaultLogger();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;

  async function sweepOnce(): Promise<void> {
    try {
      const result = await sweepLowBalance({
        ctx: { db: options.db },
        input: { consoleUrl: options.consoleUrl },
        settings,
      });
      if (result.alerted.length > 0) {
        log.info({ tenants: result.alerted.length }, "low-balance emails sent");
      }
      options.onSwept?.(result);
    } catch (error) {
      // The next nudge or interval sweeps again; a crossing is not lost, only late.
      log.error({ err: error }, "low-balance sweep failed");
    }
  }

  function run(): Promise<void> {
    if (stopped) return running ?? Promise.resolve();
    if (running) {
      // A change may have landed after the running sweep read the tenants: one more pass.
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await sweepOnce();
      } while (again && !stopped);
    })().finally(() => {
      running = undefined;
    });
    return running;
  }

  const interval = setInterval(() => void run(), options.intervalMs ?? 30_000);
  interval.unref();
  // Crossings that happened while no proxy was running are caught at start.
  void run();

  return {
    nudge() {
      if (stopped || timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        void run();
      }, delayMs);
      timer.unref();
    },
    // A sweep under way when called gets one more pass, which the promise includes.
    sweepNow: run,
    async stop() {
      stopped = true;
      clearInterval(interval);
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}

/** The replica's change handlers, with balance changes also nudging the job. */
export function nudgeOnBalanceChange(handlers: ChangeHandlers, job: LowBalanceJob): ChangeHandlers {
  const previous = handlers[BALANCE_CHANNEL];
  return {
    ...handlers,
    [BALANCE_CHANNEL]: (tenantId) => {
      previous?.(tenantId);
      job.nudge();
    },
  };
}
