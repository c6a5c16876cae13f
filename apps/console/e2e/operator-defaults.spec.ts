// What clients that send less than OpenAI asks for get: the operator picks the chat default on the
// models page and the seed service's curl example (no model) is answered by it at once; a tenant
// switched off gets OpenAI's object without "code" and "msg". Screenshots: e2e/screenshots/defaults-*.png.
import { expect, test } from "@playwright/test";
import { createDb } from "@relay/db";
import { createApiKey, creditTenant, setDefaultModel, signUp, signUpInput } from "@relay/services";
import { platform } from "./platform.ts";
import { screenshots, signIn } from "./steps.ts";

const stack = platform();
const shot = screenshots("defaults-");
const CURL_CHAT = '{"messages": [{"role":"user","content": "1+100="}]}';

test("a default model and the code/msg switch, set in the console, apply to the next call", async ({
  page,
}) => {
  const db = createDb(stack.databaseUrl, { max: 1 });
  const stamp = Date.now();
  const { tenant } = await signUp({
    ctx: { db, actor: { label: "e2e" } },
    input: signUpInput.parse({
      name: "Xiao Yi",
      email: `xiaoyi-${stamp}@example.com`,
      company: `Xiaoyi ${stamp}`,
      password: "a-long-password",
    }),
  });
  await creditTenant({
    ctx: { db, actor: { label: "e2e" } },
    input: { tenant: tenant.id, amount: 1_000_000n, reason: "e2e credit" },
  });
  const { secret } = await createApiKey({
    ctx: { db, actor: { label: "e2e" } },
    input: { tenant: tenant.id, name: "seed-client", allowedModels: [], allowedIps: [] },
  });
  const ask = async () => {
    const response = await fetch(`${stack.proxyUrl}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${secret}` },
      body: CURL_CHAT,
    });
    return (await response.json()) as Record<string, unknown>;
  };

  try {
    // As seeded: the cheapest chat model, with code 0 and msg "".
    expect(await ask()).toMatchObject({ code: 0, msg: "", model: "gpt-4o-mini" });

    await signIn(page, "admin@relay.local", "relay-admin", "/operator/models");
    await page.waitForURL(/\/operator\/models$/, { timeout: 90_000 });
    const chat = page.getByLabel("Default model for Chat completions");
    await expect(chat).toHaveValue("gpt-4o-mini");
    await expect(page.getByLabel("Default model for Image generation")).toHaveValue("dall-e-2");
    await chat.selectOption("gpt-3.5-turbo");
    await expect(chat).toHaveValue("gpt-3.5-turbo");
    await expect(chat).toBeEnabled();
    await shot(page, "01-models-defaults");
    // Committed when the select settles: the very next call gets it.
    expect(await ask()).toMatchObject({ code: 0, model: "gpt-3.5-turbo" });

    await page.goto(`${stack.consoleUrl}/operator/tenants/${tenant.id}`);
    const tenantSwitch = page.getByTestId("tenant-code-msg");
    await expect(tenantSwitch).toHaveValue("inherit");
    await tenantSwitch.selectOption("off");
    await expect(tenantSwitch).toHaveValue("off");
    await shot(page, "02-tenant-code-msg-off");
    // The key's cached record is dropped by notification (Postgres) or within its TTL (embedded).
    await expect(async () => {
      const answer = await ask();
      expect(answer.object).toBe("chat.completion");
      expect(answer).not.toHaveProperty("code");
    }).toPass({ timeout: 10_000 });

    await page.context().addCookies([{ name: "lang", value: "zh", url: stack.consoleUrl }]);
    await page.goto(`${stack.consoleUrl}/operator/models`);
    await expect(page.getByTestId("client-defaults")).toContainText("未指定模型的客户端");
    await shot(page, "03-models-defaults-zh");
  } finally {
    await setDefaultModel({
      ctx: { db, actor: { label: "e2e" } },
      input: { endpoint: "chat", model: "gpt-4o-mini" },
    });
    await db.$disconnect();
  }
});
