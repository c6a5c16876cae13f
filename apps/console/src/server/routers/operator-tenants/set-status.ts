import { setTenantStatus, setTenantStatusInput } from "@relay/services";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

export const operatorTenantSetStatus = operatorProcedure
  .input(setTenantStatusInput)
  .output(z.object({ id: z.uuid(), status: z.enum(["ACTIVE", "SUSPENDED"]) }))
  .mutation(({ ctx, input }) => setTenantStatus({ ctx, input }));
