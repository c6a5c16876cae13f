import { listPriceGroups } from "@relay/services";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

export const priceGroupList = operatorProcedure
  .output(
    z.array(
      z.object({
        id: z.uuid(),
        name: z.string(),
        multiplierPpm: z.number().int(),
        tenantCount: z.number().int(),
        createdAt: z.date(),
      }),
    ),
  )
  .query(({ ctx }) => listPriceGroups({ ctx }));
