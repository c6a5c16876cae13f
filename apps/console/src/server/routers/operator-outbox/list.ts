import { listOutbox, listOutboxInput } from "@relay/services";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";
import { outboxRowOutput } from "./schema.ts";

/** Every email the platform wrote, newest first; the bodies are read one at a time (get). */
export const operatorOutboxList = operatorProcedure
  .input(listOutboxInput)
  .output(z.object({ items: z.array(outboxRowOutput), nextCursor: z.string().nullable() }))
  .query(({ ctx, input }) => listOutbox({ ctx, input }));
