// Alipay through the official alipay-sdk (v4): every call signed RSA2 with the app private key,
// every answer's signature checked with the Alipay public key (validateSign), the gateway
// pointed at a local double in tests.
import { AlipaySdk } from "alipay-sdk";
import { PaymentsError } from "../errors.ts";

export interface AlipayKeys {
  appId: string;
  /** PKCS#8 PEM (the console normalises what the operator pastes). */
  appPrivateKey: string;
  /** SPKI PEM of Alipay's public key (支付宝公钥). */
  alipayPublicKey: string;
  /** A local double; https://openapi.alipay.com/gateway.do otherwise. */
  gateway?: string;
}

export function createAlipay(keys: AlipayKeys): AlipaySdk {
  return new AlipaySdk({
    appId: keys.appId,
    privateKey: keys.appPrivateKey.trim(),
    keyType: "PKCS8",
    alipayPublicKey: keys.alipayPublicKey.trim(),
    signType: "RSA2",
    camelcase: false,
    ...(keys.gateway ? { gateway: keys.gateway } : {}),
  });
}

/** An answer of the gateway: code "10000" is success; others carry sub_code and sub_msg. */
export type AlipayAnswer = Record<string, unknown> & {
  code?: string;
  msg?: string;
  sub_code?: string;
  sub_msg?: string;
};

export async function alipayCall(
  sdk: AlipaySdk,
  method: string,
  params: Record<string, unknown>,
): Promise<AlipayAnswer> {
  try {
    return (await sdk.exec(method, params, { validateSign: true })) as AlipayAnswer;
  } catch (error) {
    throw new PaymentsError(
      "PROVIDER_ERROR",
      `Alipay ${method}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** "12.34" -> 1234n fen; undefined for anything that is not a yuan amount. */
export function fenOf(yuan: unknown): bigint | undefined {
  if (typeof yuan !== "string") return undefined;
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(yuan.trim());
  if (!match) return undefined;
  return BigInt(match[1] ?? "0") * 100n + BigInt((match[2] ?? "").padEnd(2, "0"));
}

/** 1234n -> "12.34". */
export function yuanOf(fen: bigint): string {
  return `${fen / 100n}.${(fen % 100n).toString().padStart(2, "0")}`;
}

/** "2026-11-30 20:15:00" in Beijing time, as Alipay's time_expire is written. */
export function beijingTime(at: Date): string {
  const shifted = new Date(Math.floor(at.getTime() / 1000) * 1000 + 8 * 3600_000);
  return shifted.toISOString().slice(0, 19).replace("T", " ");
}
