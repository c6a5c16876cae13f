import { listTenantObjects } from "@relay/services";
import { z } from "zod";
import { tenantProcedure } from "../../trpc.ts";

export const fineTuningListOutput = z.object({
  storage: z.object({ used: z.bigint(), quota: z.bigint() }),
  files: z.array(
    z.object({
      id: z.string(),
      filename: z.string(),
      purpose: z.string(),
      bytes: z.bigint(),
      createdAt: z.date(),
    }),
  ),
  jobs: z.array(
    z.object({
      id: z.string(),
      model: z.string(),
      status: z.string(),
      fineTunedModel: z.string().nullable(),
      trainedTokens: z.number().int().nullable(),
      /** Micro-dollars. */
      held: z.bigint(),
      charged: z.bigint().nullable(),
      createdAt: z.date(),
    }),
  ),
});

/** The workspace's files and fine-tuning jobs as the proxy recorded them; any member may look. */
export const fineTuningList = tenantProcedure
  .output(fineTuningListOutput)
  .query(({ ctx, input }) => listTenantObjects({ ctx, input: { tenantId: input.tenantId } }));
