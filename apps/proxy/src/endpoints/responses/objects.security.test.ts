// A stored response belongs to the tenant that made it: another tenant's key gets the same 404
// as for an id that never existed, on retrieve, input_items and delete (which deletes nothing),
// and cannot continue the conversation with previous_response_id.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness } from "../../testing/harness.ts";
import { MODELS, startResponsesHarness } from "./fixture.ts";

let h: Harness;

beforeAll(async () => {
  h = await startResponsesHarness();
});
afterAll(async () => {
  await h.close();
});

describe.each([
  ["kept upstream", MODELS.native],
  ["kept by Relay", MODELS.chat],
])("another tenant's response (%s)", (_name, model) => {
  it("is a 404 to retrieve, list or delete, and cannot be continued", async () => {
    const owner = h.client((await h.tenant()).key);
    const other = h.client((await h.tenant()).key);
    const made = await owner.responses.create({ model, input: "Private words." });
    const notFound = {
      status: 404,
      error: { message: `Response with id '${made.id}' not found.` },
    };

    await expect(other.responses.retrieve(made.id)).rejects.toMatchObject(notFound);
    await expect(other.responses.inputItems.list(made.id)).rejects.toMatchObject(notFound);
    await expect(other.responses.delete(made.id)).rejects.toMatchObject(notFound);
    await expect(
      other.responses.create({ model, previous_response_id: made.id, input: "Go on" }),
    ).rejects.toMatchObject({ status: 400, code: "previous_response_not_found" });
    await expect(other.responses.retrieve("resp_never_made")).rejects.toMatchObject({
      status: 404,
    });

    // The owner's response is untouched.
    expect((await owner.responses.retrieve(made.id)).output_text).toBe(made.output_text);
  });
});
