import { disableCode, disableCodeInput } from "@relay/services";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

export const codesDisable = operatorProcedure
  .input(disableCodeInput)
  .output(z.object({ id: z.uuid(), state: z.literal("DISABLED") }))
  .mutation(({ ctx, input }) => disableCode({ ctx, input }));
