import { setDefaultModel, setDefaultModelInput } from "@relay/services";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

/** Sets or clears an endpoint's default model; proxies apply it to the next call. Audited. */
export const defaultModelSet = operatorProcedure
  .input(setDefaultModelInput)
  .output(z.object({ endpoint: z.string(), model: z.string().nullable() }))
  .mutation(async ({ ctx, input }) => {
    const defaults = await setDefaultModel({ ctx, input });
    return { endpoint: input.endpoint, model: defaults[input.endpoint] ?? null };
  });
