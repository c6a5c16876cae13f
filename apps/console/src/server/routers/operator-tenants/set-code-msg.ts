import { setTenantCodeMsg, setTenantCodeMsgInput } from "@relay/services";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

/** A tenant's override of the platform's code/msg switch (null follows the platform). Audited. */
export const operatorTenantSetCodeMsg = operatorProcedure
  .input(setTenantCodeMsgInput)
  .output(z.object({ id: z.uuid(), codeMsg: z.boolean().nullable() }))
  .mutation(async ({ ctx, input }) => {
    const tenant = await setTenantCodeMsg({ ctx, input });
    return { id: tenant.id, codeMsg: tenant.codeMsg };
  });
