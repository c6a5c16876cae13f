// The soak's customers: several tenants with keys of their own and very different credits, one
// small enough to run out within seconds, so refusals for want of money happen under load too.
import { parseUsd } from "@relay/billing";
import { createDb } from "@relay/db";
import { createApiKey, createTenant } from "@relay/services";

export interface SoakTenant {
  name: string;
  id: string;
  /** Micro-dollars granted at the start. */
  credit: bigint;
  keys: string[];
  /** Expected to run out: insufficient_quota is a normal answer for it. */
  runsOut: boolean;
}

const TENANTS = [
  { name: "Acme", credit: "100" },
  { name: "Globex", credit: "40" },
  { name: "Initech", credit: "10" },
  { name: "Tiny", credit: "0.005", runsOut: true },
] as const;

export const KEYS_PER_TENANT = 5;

export async function createSoakTenants(databaseUrl: string): Promise<SoakTenant[]> {
  const db = createDb(databaseUrl, { max: 2 });
  const actor = { label: "soak" };
  try {
    const tenants: SoakTenant[] = [];
    for (const spec of TENANTS) {
      const credit = parseUsd(spec.credit);
      const tenant = await createTenant({
        ctx: { db, actor },
        input: { name: spec.name, slug: `soak-${spec.name.toLowerCase()}`, credit },
      });
      const keys: string[] = [];
      for (let i = 0; i < KEYS_PER_TENANT; i += 1) {
        const { secret } = await createApiKey({
          ctx: { db, actor },
          input: { tenant: tenant.id, name: `soak ${i + 1}`, allowedModels: [], allowedIps: [] },
        });
        keys.push(secret);
      }
      tenants.push({
        name: spec.name,
        id: tenant.id,
        credit,
        keys,
        runsOut: "runsOut" in spec && spec.runsOut,
      });
    }
    return tenants;
  } finally {
    await db.$disconnect();
  }
}
