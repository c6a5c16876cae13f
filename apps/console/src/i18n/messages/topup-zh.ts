import type { Messages } from "./index.ts";

export const topUpZh: Pick<Messages, "topUp"> = {
  topUp: {
    choose: "选择金额",
    custom: "其他金额",
    minimum: (amount: string) => `最低 ${amount}`,
    pay: (amount: string) => `支付 ${amount}`,
    redirecting: "正在打开支付页面…",
    methods: "可使用银行卡、支付宝或微信支付（以平台开通的方式为准）。",
    methodNames: { card: "银行卡", alipay: "支付宝", wechat_pay: "微信支付" },
    payWith: (methods: string) => `可使用${methods}支付。`,
    credits: (amount: string) => `将为余额充值 ${amount}。`,
    invalidAmount: (example: string) => `请输入金额，如 ${example}。`,
    success: "已收到付款。支付服务商确认后，余额会立即更新。",
    cancelled: "已取消支付，未产生任何扣款。",
    failed: "无法打开支付页面，请稍后再试。",
  },
};
