import { setTenantStatus, setTenantStatusInput } from "@relay/services";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

/** Suspend (a reason is required: members see it) or reactivate; audited with the reason. */
export const operatorTenantSetStatus = operatorProcedure
  .input(setTenantStatusInput)
  .output(
    z.object({
      id: z.uuid(),
      status: z.enum(["ACTIVE", "SUSPENDED"]),
      suspendedReason: z.string().nullable(),
      suspendedAt: z.date().nullable(),
    }),
  )
  .mutation(({ ctx, input }) => setTenantStatus({ ctx, input }));
