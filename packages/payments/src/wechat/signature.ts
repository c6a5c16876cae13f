// WeChat Pay API v3's cryptography, with node:crypto, following the published rules:
// - requests carry `Authorization: WECHATPAY2-SHA256-RSA2048 mchid=..,nonce_str=..,signature=..,
//   timestamp=..,serial_no=..`, the signature SHA256-with-RSA over
//   "METHOD\nPATH?QUERY\nTIMESTAMP\nNONCE\nBODY\n" with the merchant's API certificate key;
// - answers and notifications are signed by WeChat Pay over "TIMESTAMP\nNONCE\nBODY\n", sent in
//   Wechatpay-Signature/-Timestamp/-Nonce/-Serial and checked against the platform public key
//   (or certificate) whose id is the serial, within five minutes of now;
// - a notification's `resource` is AEAD_AES_256_GCM under the 32-byte APIv3 key, the nonce and
//   associated_data as given, the 16-byte tag at the end of the ciphertext.
// https://pay.weixin.qq.com/doc/v3/merchant/4012365336 (signing) and 4012071382 (decrypting).
import {
  createCipheriv,
  createDecipheriv,
  createPublicKey,
  createSign,
  createVerify,
  type KeyObject,
  randomBytes,
} from "node:crypto";
import { PaymentsError } from "../errors.ts";

export const AUTH_SCHEMA = "WECHATPAY2-SHA256-RSA2048";
const WINDOW_SECONDS = 300;

export function nonceString(): string {
  return randomBytes(16).toString("hex").toUpperCase();
}

export function rsaSign(message: string, privateKey: string | KeyObject): string {
  return createSign("RSA-SHA256").update(message, "utf8").sign(privateKey, "base64");
}

/** The Authorization header of one request; `url` is the path with its query string. */
export function authorization(input: {
  method: string;
  url: string;
  body: string;
  mchId: string;
  serialNo: string;
  privateKey: string | KeyObject;
  timestamp?: number;
  nonce?: string;
}): string {
  const timestamp = input.timestamp ?? Math.floor(Date.now() / 1000);
  const nonce = input.nonce ?? nonceString();
  const message = `${input.method.toUpperCase()}\n${input.url}\n${timestamp}\n${nonce}\n${input.body}\n`;
  const signature = rsaSign(message, input.privateKey);
  return `${AUTH_SCHEMA} mchid="${input.mchId}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${input.serialNo}"`;
}

/** The parts of an Authorization header (the double checks requests with it). */
export function parseAuthorization(header: string | undefined): Record<string, string> | undefined {
  if (!header?.startsWith(`${AUTH_SCHEMA} `)) return undefined;
  const fields: Record<string, string> = {};
  for (const match of header.slice(AUTH_SCHEMA.length + 1).matchAll(/(\w+)="([^"]*)"/g)) {
    if (match[1] && match[2] !== undefined) fields[match[1]] = match[2];
  }
  return fields;
}

export interface SignedHeaders {
  signature?: string | null;
  timestamp?: string | null;
  nonce?: string | null;
  serial?: string | null;
}

/** Reads the four Wechatpay-* headers from any Headers-like getter. */
export function wechatHeaders(get: (name: string) => string | null | undefined): SignedHeaders {
  return {
    signature: get("wechatpay-signature"),
    timestamp: get("wechatpay-timestamp"),
    nonce: get("wechatpay-nonce"),
    serial: get("wechatpay-serial"),
  };
}

/** The platform key by its id (a public key id, PUB_KEY_ID_..., or a certificate serial). */
export interface PlatformKey {
  serial: string;
  /** PEM: a public key or an X.509 certificate. */
  publicKey: string;
}

function platformPublicKey(pem: string): KeyObject {
  // createPublicKey reads both SPKI public keys and certificates.
  return createPublicKey(pem);
}

/** Throws SIGNATURE_INVALID unless WeChat Pay signed this body recently with the platform key. */
export function verifyWechatSignature(
  headers: SignedHeaders,
  body: string,
  platform: PlatformKey,
  now: Date = new Date(),
): void {
  const { signature, timestamp, nonce, serial } = headers;
  if (!signature || !timestamp || !nonce || !serial) {
    throw new PaymentsError("SIGNATURE_INVALID", "Missing Wechatpay-Signature headers");
  }
  // WeChat Pay probes merchants with deliberately wrong signatures; they must fail.
  if (signature.startsWith("WECHATPAY/SIGNTEST/")) {
    throw new PaymentsError("SIGNATURE_INVALID", "Signature probe");
  }
  if (serial !== platform.serial) {
    throw new PaymentsError(
      "SIGNATURE_INVALID",
      `Signed with ${serial}, not the platform key ${platform.serial}`,
    );
  }
  const seconds = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || Math.abs(now.getTime() / 1000 - seconds) > WINDOW_SECONDS) {
    throw new PaymentsError("SIGNATURE_INVALID", "Wechatpay-Timestamp is outside 5 minutes");
  }
  const valid = createVerify("RSA-SHA256")
    .update(`${timestamp}\n${nonce}\n${body}\n`, "utf8")
    .verify(platformPublicKey(platform.publicKey), signature, "base64");
  if (!valid) throw new PaymentsError("SIGNATURE_INVALID", "Wechatpay-Signature does not verify");
}

export interface EncryptedResource {
  algorithm: string;
  ciphertext: string;
  associated_data?: string;
  nonce: string;
  original_type?: string;
}

export function decryptResource(resource: EncryptedResource, apiV3Key: string): string {
  if (resource.algorithm !== "AEAD_AES_256_GCM") {
    throw new PaymentsError("SIGNATURE_INVALID", `Unknown algorithm ${resource.algorithm}`);
  }
  const raw = Buffer.from(resource.ciphertext, "base64");
  if (raw.length < 17) throw new PaymentsError("SIGNATURE_INVALID", "Ciphertext too short");
  try {
    const decipher = createDecipheriv(
      "aes-256-gcm",
      Buffer.from(apiV3Key, "utf8"),
      Buffer.from(resource.nonce, "utf8"),
    );
    decipher.setAAD(Buffer.from(resource.associated_data ?? "", "utf8"));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([
      decipher.update(raw.subarray(0, raw.length - 16)),
      decipher.final(),
    ]).toString("utf8");
  } catch {
    throw new PaymentsError(
      "SIGNATURE_INVALID",
      "The resource does not decrypt with the APIv3 key",
    );
  }
}

/** What WeChat Pay does to a resource; the double uses it. */
export function encryptResource(
  plaintext: string,
  apiV3Key: string,
  associatedData: string,
  originalType: string,
): EncryptedResource {
  const nonce = randomBytes(6).toString("hex");
  const cipher = createCipheriv("aes-256-gcm", Buffer.from(apiV3Key, "utf8"), Buffer.from(nonce));
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return {
    original_type: originalType,
    algorithm: "AEAD_AES_256_GCM",
    ciphertext: Buffer.concat([body, cipher.getAuthTag()]).toString("base64"),
    associated_data: associatedData,
    nonce,
  };
}
