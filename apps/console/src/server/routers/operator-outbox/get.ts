import { getOutboxMessage } from "@relay/services";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";
import { outboxRowOutput } from "./schema.ts";

export const operatorOutboxGet = operatorProcedure
  .input(z.object({ id: z.uuid() }))
  .output(outboxRowOutput.extend({ text: z.string(), html: z.string().nullable() }))
  .query(({ ctx, input }) => getOutboxMessage({ ctx, input }));
