import { setPlatformCodeMsg, setPlatformCodeMsgInput } from "@relay/services";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";

/** The platform-wide switch for "code" and "msg" in JSON answers. Audited. */
export const codeMsgSet = operatorProcedure
  .input(setPlatformCodeMsgInput)
  .output(z.object({ codeMsg: z.boolean() }))
  .mutation(async ({ ctx, input }) => ({ codeMsg: await setPlatformCodeMsg({ ctx, input }) }));
