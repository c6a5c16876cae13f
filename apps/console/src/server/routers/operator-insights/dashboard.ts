import { getPlatformDashboard } from "@relay/services";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

const money = { revenue: z.bigint(), cost: z.bigint(), margin: z.bigint() };

export const operatorDashboardOutput = z.object({
  daily: z.array(z.object({ day: z.string(), requests: z.number().int(), ...money })),
  byModel: z.array(z.object({ model: z.string(), requests: z.number().int(), ...money })),
  totals: z.object({ requests: z.number().int(), ...money }),
  topTenants: z.array(
    z.object({ tenantId: z.uuid(), slug: z.string(), name: z.string(), spend: z.bigint() }),
  ),
  channels: z.array(
    z.object({
      channelId: z.uuid().nullable(),
      name: z.string().nullable(),
      requests: z.number().int(),
      errors: z.number().int(),
    }),
  ),
});

export const operatorDashboard = operatorProcedure
  .output(operatorDashboardOutput)
  .query(({ ctx }) => getPlatformDashboard({ ctx, input: {} }));
