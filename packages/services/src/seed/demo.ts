// The embedded default's starting data: an operator, the model catalog with prices, a channel to
// the simulated upstream, and a demo tenant with credit and a key. Safe to run on every start:
// what exists is kept (balances are never granted twice), what is missing is created.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { parseUsd } from "@relay/billing";
import { type Db, inTransaction, type Tenant } from "@relay/db";
import { catalogChanged } from "../catalog/changed.ts";
import { addChannel } from "../channel/add.ts";
import type { Actor } from "../context.ts";
import { createApiKey } from "../key/create.ts";
import { hashApiKey } from "../key/secret.ts";
import { setPrice } from "../price/set.ts";
import { createTenant } from "../tenant/create.ts";
import { hashPassword } from "../user/password.ts";
import { SEED_MODELS, seedDefaults } from "./catalog.ts";

export interface SeedInput {
  operatorEmail: string;
  operatorPassword: string;
  /** The simulated upstream's base URL, e.g. http://127.0.0.1:4010/v1. */
  upstreamUrl: string;
  /** Where the demo key is remembered between starts (embedded default only). */
  demoKeyFile?: string;
  /** False in production: no demo key is created, nor read from demoKeyFile. */
  createDemoKey?: boolean;
}

export interface SeedResult {
  operatorEmail: string;
  /** Set only when the operator was created by this run. */
  operatorPassword?: string;
  tenant: Tenant;
  /** The demo key, when known: newly created, or remembered in demoKeyFile. */
  demoKey?: string;
}

const SEED_ACTOR: Actor = { label: "seed" };
const DEMO_SLUG = "demo";
const SIM_CHANNEL = "Simulated upstream";
const DEFAULTS_SEEDED = "seed.default_models";

export async function seedDemo({
  ctx,
  input,
  encryptionKey,
}: {
  ctx: { db: Db };
  input: SeedInput;
  /** The app's RELAY_ENCRYPTION_KEY, for the simulated upstream's channel. */
  encryptionKey: Buffer;
}): Promise<SeedResult> {
  const { db } = ctx;
  const service = { db, actor: SEED_ACTOR };

  let operatorPassword: string | undefined;
  if (!(await db.user.findUnique({ where: { email: input.operatorEmail } }))) {
    await db.user.create({
      data: {
        email: input.operatorEmail,
        name: "Operator",
        role: "OPERATOR",
        passwordHash: await hashPassword(input.operatorPassword),
        // Made by whoever runs the platform: nothing to verify.
        emailVerified: new Date(),
      },
    });
    operatorPassword = input.operatorPassword;
  }

  for (const model of SEED_MODELS) {
    if (await db.model.findUnique({ where: { id: model.id } })) continue;
    await db.model.create({
      data: {
        id: model.id,
        kind: model.kind,
        ownedBy: "openai",
        contextWindow: model.contextWindow,
        maxOutputTokens: model.maxOutputTokens,
      },
    });
    for (const [scope, price] of [
      ["COST", model.cost],
      ["SALE", model.sale],
    ] as const) {
      await setPrice({
        ctx: service,
        input: {
          model: model.id,
          scope,
          input: parseUsd(price?.input ?? "0"),
          output: parseUsd(price?.output ?? "0"),
          cachedInput: price?.cached ? parseUsd(price.cached) : undefined,
          perAudioSecond: price?.perSecond ? parseUsd(price.perSecond) : undefined,
          perMChar: price?.perMChar ? parseUsd(price.perMChar) : undefined,
        },
      });
    }
    for (const image of model.images ?? []) {
      for (const scope of ["COST", "SALE"] as const) {
        await db.imagePrice.create({
          data: {
            modelId: model.id,
            scope,
            size: image.size,
            quality: image.quality,
            perImage: parseUsd(scope === "COST" ? image.cost : image.sale),
          },
        });
      }
    }
  }

  const channel = await db.channel.findFirst({ where: { name: SIM_CHANNEL } });
  if (!channel) {
    await addChannel({
      ctx: service,
      input: {
        provider: "OPENAI_COMPATIBLE",
        name: SIM_CHANNEL,
        baseUrl: input.upstreamUrl,
        apiKey: "sk-simulated-upstream",
        models: SEED_MODELS.map((m) => ({ model: m.id, upstreamModel: null })),
        priority: 0,
        weight: 1,
        config: {},
      },
      encryptionKey,
    });
  } else {
    if (channel.baseUrl !== input.upstreamUrl) {
      await db.channel.update({ where: { id: channel.id }, data: { baseUrl: input.upstreamUrl } });
    }
    // Models added to the seed since this database was seeded are served by the simulator too.
    await db.channelModel.createMany({
      data: SEED_MODELS.map((m) => ({ channelId: channel.id, modelId: m.id })),
      skipDuplicates: true,
    });
  }
  // Once per database: defaults an operator chose or cleared later are theirs to keep.
  if (!(await db.setting.findUnique({ where: { key: DEFAULTS_SEEDED } }))) {
    for (const [endpoint, model] of Object.entries(seedDefaults())) {
      await db.defaultModel.upsert({
        where: { endpoint },
        create: { endpoint, modelId: model },
        update: {},
      });
    }
    await db.setting.create({ data: { key: DEFAULTS_SEEDED, value: true } });
  }
  // The rows above were written directly: proxies already running reload them.
  await inTransaction(db, catalogChanged);

  const tenant =
    (await db.tenant.findUnique({ where: { slug: DEMO_SLUG } })) ??
    (await createTenant({
      ctx: service,
      input: { name: "Demo", slug: DEMO_SLUG, credit: parseUsd("10") },
    }));

  if (input.createDemoKey === false)
    return { operatorEmail: input.operatorEmail, operatorPassword, tenant };
  const demoKey = await rememberedKey(db, input.demoKeyFile);
  if (demoKey) return { operatorEmail: input.operatorEmail, operatorPassword, tenant, demoKey };

  const created = await createApiKey({
    ctx: service,
    input: { tenant: tenant.id, name: "demo", allowedModels: [], allowedIps: [] },
  });
  if (input.demoKeyFile) writeFileSync(input.demoKeyFile, created.secret, { mode: 0o600 });
  return { operatorEmail: input.operatorEmail, operatorPassword, tenant, demoKey: created.secret };
}

async function rememberedKey(db: Db, file: string | undefined): Promise<string | undefined> {
  if (!file || !existsSync(file)) return undefined;
  const secret = readFileSync(file, "utf8").trim();
  const key = await db.apiKey.findUnique({ where: { keyHash: hashApiKey(secret) } });
  return key?.status === "ACTIVE" ? secret : undefined;
}
