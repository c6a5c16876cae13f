import {
  removeProviderKeys,
  saveAlipayKeys,
  saveAlipayKeysInput,
  saveWechatPayKeys,
  saveWechatPayKeysInput,
} from "@relay/payments";
import { z } from "zod";
import { secretBox } from "../../payments.ts";
import { operatorProcedure } from "../../trpc.ts";

const saved = z.object({ saved: z.literal(true) });

/** Saves the WeChat Pay merchant keys; blank secrets keep the saved ones. */
export const operatorPaymentsSaveWechatPay = operatorProcedure
  .input(saveWechatPayKeysInput)
  .output(saved)
  .mutation(async ({ ctx, input }) => {
    await saveWechatPayKeys({ ctx: { db: ctx.db, actor: ctx.actor, box: secretBox }, input });
    return { saved: true as const };
  });

/** Saves the Alipay app keys; a blank private key keeps the saved one. */
export const operatorPaymentsSaveAlipay = operatorProcedure
  .input(saveAlipayKeysInput)
  .output(saved)
  .mutation(async ({ ctx, input }) => {
    await saveAlipayKeys({ ctx: { db: ctx.db, actor: ctx.actor, box: secretBox }, input });
    return { saved: true as const };
  });

/** Forgets a provider's keys: its payment method disappears from the billing page. */
export const operatorPaymentsRemoveProvider = operatorProcedure
  .input(z.object({ provider: z.enum(["wechat_pay", "alipay"]) }))
  .output(saved)
  .mutation(async ({ ctx, input }) => {
    await removeProviderKeys({ ctx: { db: ctx.db, actor: ctx.actor }, input });
    return { saved: true as const };
  });
