import { createPriceGroup, createPriceGroupInput } from "@relay/services";
import { operatorProcedure } from "../../trpc.ts";
import { priceGroupOutput } from "./price-group-list.ts";

/** A price group from a percentage of list price: "120" -> multiplierPpm 1_200_000. */
export const operatorPriceGroupCreate = operatorProcedure
  .input(createPriceGroupInput)
  .output(priceGroupOutput)
  .mutation(({ ctx, input }) => createPriceGroup({ ctx, input }));
