import { probeChannel, probeChannelInput } from "@relay/services";
import { z } from "zod";
import { encryptionKey } from "../../encryption-key.ts";
import { operatorProcedure } from "../../trpc.ts";

export const channelTestOutput = z.object({
  ok: z.boolean(),
  status: z.number().int().nullable(),
  latencyMs: z.number().int(),
  message: z.string(),
  modelCount: z.number().int().nullable(),
  models: z.array(z.string()),
});

/** A real call to the upstream with the stored credential; the answer never includes it. */
export const channelTest = operatorProcedure
  .input(probeChannelInput)
  .output(channelTestOutput)
  .mutation(({ ctx, input }) => probeChannel({ ctx, input, encryptionKey: encryptionKey() }));
