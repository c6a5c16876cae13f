import { updateModel, updateModelInput } from "@relay/services";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

/** Enable or disable a model, or change its kind; the audit row keeps before and after. */
export const modelUpdate = operatorProcedure
  .input(updateModelInput)
  .output(
    z.object({
      id: z.string(),
      enabled: z.boolean(),
      kind: z.enum(["CHAT", "COMPLETION", "EMBEDDING", "IMAGE", "AUDIO", "MODERATION"]),
    }),
  )
  .mutation(async ({ ctx, input }) => {
    const model = await updateModel({ ctx, input });
    return { id: model.id, enabled: model.enabled, kind: model.kind };
  });
