import { assignPriceGroup, assignPriceGroupInput } from "@relay/services";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

export const operatorTenantAssignPriceGroup = operatorProcedure
  .input(assignPriceGroupInput)
  .output(z.object({ id: z.uuid(), priceGroupId: z.uuid().nullable() }))
  .mutation(({ ctx, input }) => assignPriceGroup({ ctx, input }));
