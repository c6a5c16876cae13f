import { DEFAULT_MODEL_ENDPOINTS, getPlatformCodeMsg, listDefaultModels } from "@relay/services";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

export const clientDefaultsOutput = z.object({
  /** Every endpoint, with its default model or null (a call without `model` is a 400). */
  defaults: z.array(
    z.object({ endpoint: z.enum(DEFAULT_MODEL_ENDPOINTS), model: z.string().nullable() }),
  ),
  /** Whether JSON answers carry "code" and "msg" for keys and tenants that do not say otherwise. */
  codeMsg: z.boolean(),
});

/** What clients that send less than OpenAI asks for get: default models, code and msg. */
export const clientDefaults = operatorProcedure
  .output(clientDefaultsOutput)
  .query(async ({ ctx }) => {
    const [defaults, codeMsg] = await Promise.all([
      listDefaultModels({ ctx }),
      getPlatformCodeMsg({ ctx }),
    ]);
    return {
      defaults: DEFAULT_MODEL_ENDPOINTS.map((endpoint) => ({
        endpoint,
        model: defaults[endpoint] ?? null,
      })),
      codeMsg,
    };
  });
