import { savePriceGroup, savePriceGroupInput } from "@relay/services";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

/** Creates a group when `id` is absent, edits it otherwise. */
export const priceGroupSave = operatorProcedure
  .input(savePriceGroupInput)
  .output(z.object({ id: z.uuid(), name: z.string(), multiplierPpm: z.number().int() }))
  .mutation(async ({ ctx, input }) => {
    const group = await savePriceGroup({ ctx, input });
    return { id: group.id, name: group.name, multiplierPpm: group.multiplierPpm };
  });
