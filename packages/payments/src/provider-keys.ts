// The operator's WeChat Pay and Alipay merchant keys, saved from the console into the settings
// table ("payments.wechat_pay", "payments.alipay"). Private keys and the APIv3 key are sealed
// with the platform's encryption key (the caller's SecretBox) and never read back out; the ids
// and public keys are shown. A provider is enabled exactly when its keys are saved.
import { createPrivateKey, createPublicKey } from "node:crypto";
import { type Db, inTransaction, type Tx } from "@relay/db";
import { z } from "zod";
import type { AlipayKeys } from "./alipay/client.ts";
import { PaymentsError } from "./errors.ts";
import type { QrProviderName } from "./qr/provider.ts";
import type { SettingsActor } from "./save-settings.ts";
import type { WechatPayKeys } from "./wechat/client.ts";

/** Seals secrets at rest: the console passes one over RELAY_ENCRYPTION_KEY. */
export interface SecretBox {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

const SETTING_KEY: Record<QrProviderName, string> = {
  wechat_pay: "payments.wechat_pay",
  alipay: "payments.alipay",
};

const optionalSecret = z
  .string()
  .trim()
  .optional()
  .transform((value) => value || undefined);
const optionalUrl = z
  .union([z.literal(""), z.url({ protocol: /^https?$/ })])
  .optional()
  .transform((value) => value || undefined);

/** Blank secrets keep the saved ones, so the form can be saved again without pasting them. */
export const saveWechatPayKeysInput = z.object({
  mchId: z
    .string()
    .trim()
    .regex(/^\d{6,32}$/, "The merchant id (商户号) is digits"),
  appId: z.string().trim().min(1).max(64),
  merchantSerialNo: z
    .string()
    .trim()
    .regex(/^[0-9A-Fa-f]{8,64}$/, "A hex certificate serial"),
  merchantPrivateKey: optionalSecret,
  apiV3Key: optionalSecret,
  /** The platform public key's id (PUB_KEY_ID_...) or the platform certificate's serial. */
  platformSerial: z.string().trim().min(1).max(128),
  /** PEM: the platform public key or certificate. */
  platformPublicKey: z.string().trim().min(1),
  /** A local double instead of api.mch.weixin.qq.com. */
  apiBase: optionalUrl,
});

export const saveAlipayKeysInput = z.object({
  appId: z
    .string()
    .trim()
    .regex(/^\d{8,32}$/, "The Alipay app id is digits"),
  appPrivateKey: optionalSecret,
  /** Alipay's public key (支付宝公钥), PEM or the bare base64 Alipay shows. */
  alipayPublicKey: z.string().trim().min(1),
  /** A local double instead of openapi.alipay.com/gateway.do. */
  gateway: optionalUrl,
});

const storedWechat = saveWechatPayKeysInput.extend({
  merchantPrivateKey: z.string(),
  apiV3Key: z.string(),
});
const storedAlipay = saveAlipayKeysInput.extend({ appPrivateKey: z.string() });

/** Any PEM (PKCS#1 or PKCS#8) or the bare base64 of either, as PKCS#8 PEM; undefined if none. */
export function normalizePrivateKey(text: string): string | undefined {
  const attempts: Array<() => ReturnType<typeof createPrivateKey>> = text.includes("-----BEGIN")
    ? [() => createPrivateKey(text)]
    : (["pkcs8", "pkcs1"] as const).map(
        (type) => () =>
          createPrivateKey({
            key: Buffer.from(text.replace(/\s/g, ""), "base64"),
            format: "der",
            type,
          }),
      );
  for (const attempt of attempts) {
    try {
      return attempt().export({ type: "pkcs8", format: "pem" }).toString();
    } catch {
      // next format
    }
  }
  return undefined;
}

/** A PEM public key or certificate, or the bare base64 of an SPKI key, as SPKI PEM. */
export function normalizePublicKey(text: string): string | undefined {
  try {
    const key = text.includes("-----BEGIN")
      ? createPublicKey(text)
      : createPublicKey({
          key: Buffer.from(text.replace(/\s/g, ""), "base64"),
          format: "der",
          type: "spki",
        });
    return key.export({ type: "spki", format: "pem" }).toString();
  } catch {
    return undefined;
  }
}

function invalid(message: string): never {
  throw new PaymentsError("INVALID_SETTINGS", message);
}

async function readStored(db: Db | Tx, provider: QrProviderName): Promise<unknown> {
  const row = await db.setting.findUnique({ where: { key: SETTING_KEY[provider] } });
  return row?.value ?? undefined;
}

async function writeStored(
  db: Db,
  actor: SettingsActor,
  provider: QrProviderName,
  value: Record<string, string> | null,
  shown: Record<string, string> | null,
): Promise<void> {
  await inTransaction(db, async (tx) => {
    const key = SETTING_KEY[provider];
    if (value) {
      await tx.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
    } else {
      await tx.setting.deleteMany({ where: { key } });
    }
    await tx.auditLog.create({
      data: {
        actorId: actor.userId ?? null,
        actorLabel: actor.label,
        action: `settings.${key}`,
        targetType: "setting",
        targetId: key,
        // Never the secrets, sealed or not.
        data: { after: shown },
      },
    });
  });
}

export async function saveWechatPayKeys({
  ctx,
  input,
}: {
  ctx: { db: Db; actor: SettingsActor; box: SecretBox };
  input: z.output<typeof saveWechatPayKeysInput>;
}): Promise<void> {
  const previous = storedWechat.safeParse(await readStored(ctx.db, "wechat_pay"));
  const sealedKey = input.merchantPrivateKey
    ? ctx.box.seal(
        normalizePrivateKey(input.merchantPrivateKey) ??
          invalid("The merchant private key is not a PEM private key (apiclient_key.pem)"),
      )
    : previous.success
      ? previous.data.merchantPrivateKey
      : invalid("Paste the merchant private key (apiclient_key.pem)");
  if (input.apiV3Key && Buffer.byteLength(input.apiV3Key, "utf8") !== 32) {
    invalid("The APIv3 key is 32 characters");
  }
  const sealedApiV3 = input.apiV3Key
    ? ctx.box.seal(input.apiV3Key)
    : previous.success
      ? previous.data.apiV3Key
      : invalid("Enter the APIv3 key");
  if (!normalizePublicKey(input.platformPublicKey)) {
    invalid("The platform public key is not a PEM public key or certificate");
  }
  const { merchantPrivateKey: _k, apiV3Key: _v, ...shown } = input;
  const visible = Object.fromEntries(
    Object.entries(shown).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  await writeStored(
    ctx.db,
    ctx.actor,
    "wechat_pay",
    { ...visible, merchantPrivateKey: sealedKey, apiV3Key: sealedApiV3 },
    visible,
  );
}

export async function saveAlipayKeys({
  ctx,
  input,
}: {
  ctx: { db: Db; actor: SettingsActor; box: SecretBox };
  input: z.output<typeof saveAlipayKeysInput>;
}): Promise<void> {
  const previous = storedAlipay.safeParse(await readStored(ctx.db, "alipay"));
  const sealedKey = input.appPrivateKey
    ? ctx.box.seal(
        normalizePrivateKey(input.appPrivateKey) ??
          invalid("The app private key is not an RSA private key (PEM or base64)"),
      )
    : previous.success
      ? previous.data.appPrivateKey
      : invalid("Paste the app private key (应用私钥)");
  const alipayPublicKey =
    normalizePublicKey(input.alipayPublicKey) ??
    invalid("The Alipay public key is not a public key (PEM or base64)");
  const visible: Record<string, string> = {
    appId: input.appId,
    alipayPublicKey,
    ...(input.gateway ? { gateway: input.gateway } : {}),
  };
  await writeStored(ctx.db, ctx.actor, "alipay", { ...visible, appPrivateKey: sealedKey }, visible);
}

export async function removeProviderKeys({
  ctx,
  input,
}: {
  ctx: { db: Db; actor: SettingsActor };
  input: { provider: QrProviderName };
}): Promise<void> {
  await writeStored(ctx.db, ctx.actor, input.provider, null, null);
}

export async function loadWechatPayKeys(
  db: Db | Tx,
  box: SecretBox,
): Promise<WechatPayKeys | undefined> {
  const stored = storedWechat.safeParse(await readStored(db, "wechat_pay"));
  if (!stored.success) return undefined;
  const value = stored.data;
  return {
    mchId: value.mchId,
    appId: value.appId,
    merchantSerialNo: value.merchantSerialNo,
    merchantPrivateKey: box.open(value.merchantPrivateKey),
    apiV3Key: box.open(value.apiV3Key),
    platform: { serial: value.platformSerial, publicKey: value.platformPublicKey },
    apiBase: value.apiBase,
  };
}

export async function loadAlipayKeys(db: Db | Tx, box: SecretBox): Promise<AlipayKeys | undefined> {
  const stored = storedAlipay.safeParse(await readStored(db, "alipay"));
  if (!stored.success) return undefined;
  return {
    appId: stored.data.appId,
    appPrivateKey: box.open(stored.data.appPrivateKey),
    alipayPublicKey: stored.data.alipayPublicKey,
    gateway: stored.data.gateway,
  };
}

/** What the settings page shows of each provider: ids and public keys, never a secret. */
export async function providerKeysStatus(db: Db | Tx) {
  const wechat = storedWechat.safeParse(await readStored(db, "wechat_pay"));
  const alipay = storedAlipay.safeParse(await readStored(db, "alipay"));
  return {
    wechatPay: wechat.success
      ? {
          mchId: wechat.data.mchId,
          appId: wechat.data.appId,
          merchantSerialNo: wechat.data.merchantSerialNo,
          platformSerial: wechat.data.platformSerial,
          platformPublicKey: wechat.data.platformPublicKey,
          apiBase: wechat.data.apiBase ?? null,
        }
      : null,
    alipay: alipay.success
      ? {
          appId: alipay.data.appId,
          alipayPublicKey: alipay.data.alipayPublicKey,
          gateway: alipay.data.gateway ?? null,
        }
      : null,
  };
}
