// Stripe for the console: configured only when both keys are in the environment. Without them
// (the embedded default) top-up is off and the billing page points to redemption codes.
import type { Db } from "@relay/db";
import {
  type AlipayKeys,
  alipayProvider,
  closeExpiredQrTopUps,
  createStripe,
  loadAlipayKeys,
  loadWechatPayKeys,
  type QrProvider,
  type QrProviderName,
  type SecretBox,
  type Stripe,
  type StripeKeys,
  type WechatPayKeys,
  wechatPayProvider,
} from "@relay/payments";
import { decryptSecret, encryptSecret } from "@relay/services/credential";
import { env } from "../env.ts";
import { encryptionKey } from "./encryption-key.ts";

let cached: { keys: StripeKeys; stripe: Stripe } | undefined;

export function stripeConfig(): { keys: StripeKeys; stripe: Stripe } | undefined {
  if (!env.STRIPE_SECRET_KEY || !env.STRIPE_WEBHOOK_SECRET) return undefined;
  if (!cached) {
    const keys: StripeKeys = {
      secretKey: env.STRIPE_SECRET_KEY,
      webhookSecret: env.STRIPE_WEBHOOK_SECRET,
      apiBase: env.STRIPE_API_BASE,
    };
    cached = { keys, stripe: createStripe(keys) };
  }
  return cached;
}

// WeChat Pay and Alipay: enabled by the merchant keys the operator saves in the console, whose
// secrets are sealed under the same key as upstream credentials.
export const secretBox: SecretBox = {
  seal: (plaintext) => encryptSecret(plaintext, encryptionKey()),
  open: (sealed) => decryptSecret(sealed, encryptionKey()),
};

const publicUrl = (path: string) => `${env.RELAY_CONSOLE_PUBLIC_URL.replace(/\/$/, "")}${path}`;

/** Where each provider sends its notifications: the operator registers nothing else. */
export const NOTIFY_URLS = {
  wechatPay: () => publicUrl("/api/wechatpay/notify"),
  alipay: () => publicUrl("/api/alipay/notify"),
};

export async function wechatPayConfig(db: Db): Promise<WechatPayKeys | undefined> {
  return loadWechatPayKeys(db, secretBox);
}

export async function alipayConfig(db: Db): Promise<AlipayKeys | undefined> {
  return loadAlipayKeys(db, secretBox);
}

/** The QR provider by name, when its keys are saved. */
export async function qrProvider(db: Db, name: QrProviderName): Promise<QrProvider | undefined> {
  if (name === "wechat_pay") {
    const keys = await wechatPayConfig(db);
    return keys && wechatPayProvider(keys);
  }
  const keys = await alipayConfig(db);
  return keys && alipayProvider(keys);
}

export function notifyUrlOf(name: QrProviderName): string {
  return name === "wechat_pay" ? NOTIFY_URLS.wechatPay() : NOTIFY_URLS.alipay();
}

const SWEEP_EVERY_MS = 60_000;
let lastSweep = 0;

/**
 * Closes expired QR orders with their providers, at most once a minute, from the requests that
 * touch top-ups. The providers were given the same expiry, so an order nobody looks at again
 * cannot be paid late either; this only makes its state say so.
 */
export function sweepExpiredTopUps(db: Db): void {
  const now = Date.now();
  if (now - lastSweep < SWEEP_EVERY_MS) return;
  lastSweep = now;
  void (async () => {
    const providers = (
      await Promise.all([qrProvider(db, "wechat_pay"), qrProvider(db, "alipay")])
    ).filter((provider): provider is QrProvider => provider !== undefined);
    if (providers.length) await closeExpiredQrTopUps({ ctx: { db, providers } });
  })().catch((error: unknown) => console.warn(`top-up expiry sweep failed: ${String(error)}`));
}
