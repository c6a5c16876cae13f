import { listPriceGroupChoices } from "@relay/services";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

export const priceGroupOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  multiplierPpm: z.number().int(),
});

export const operatorPriceGroupList = operatorProcedure
  .output(z.array(priceGroupOutput.extend({ tenantCount: z.number().int() })))
  .query(({ ctx }) => listPriceGroupChoices({ ctx }));
