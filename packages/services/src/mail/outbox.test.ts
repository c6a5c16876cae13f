import { getDb } from "@relay/db";
import { afterAll, describe, expect, it } from "vitest";
import { ServiceError } from "../errors.ts";
import { getOutboxMessage, listOutbox, listOutboxInput } from "./outbox.ts";

const db = getDb();

afterAll(() => db.$disconnect());

describe("outbox", () => {
  it("lists newest first, page by page, and reads one message's text", async () => {
    // Fixed times far in the future keep these five at the head of the shared table.
    const base = Date.UTC(2100, 0, 1);
    for (let i = 0; i < 5; i++) {
      await db.emailMessage.create({
        data: {
          kind: "test",
          to: `o${i}@outbox.example`,
          subject: `Message ${i}`,
          text: `Text ${i}`,
          transport: "outbox",
          createdAt: new Date(base + (i < 3 ? 0 : i) * 1000),
        },
      });
    }
    const first = await listOutbox({ ctx: { db }, input: listOutboxInput.parse({ limit: 2 }) });
    const second = await listOutbox({
      ctx: { db },
      input: listOutboxInput.parse({ limit: 2, cursor: first.nextCursor ?? undefined }),
    });
    const third = await listOutbox({
      ctx: { db },
      input: listOutboxInput.parse({ limit: 1, cursor: second.nextCursor ?? undefined }),
    });
    expect(first.items.map((m) => m.subject)).toEqual(["Message 4", "Message 3"]);
    // Three share one timestamp: the id breaks the tie, and none is skipped or repeated.
    const tied = [...second.items, ...third.items].map((m) => m.subject);
    expect(tied.sort()).toEqual(["Message 0", "Message 1", "Message 2"]);
    expect(Object.keys(first.items[0] ?? {})).not.toContain("text");

    const id = first.items[0]?.id ?? "";
    const message = await getOutboxMessage({ ctx: { db }, input: { id } });
    expect([message.to, message.text, message.transport, message.tenant]).toEqual([
      "o4@outbox.example",
      "Text 4",
      "outbox",
      null,
    ]);
    await expect(
      getOutboxMessage({ ctx: { db }, input: { id: "00000000-0000-4000-8000-000000000000" } }),
    ).rejects.toThrow(ServiceError);
    await db.emailMessage.deleteMany({ where: { to: { endsWith: "@outbox.example" } } });
  });
});
