// The top-up form's strings, merged into `en` with one spread.
export const topUpEn = {
  topUp: {
    choose: "Choose an amount",
    custom: "Other amount",
    minimum: (amount: string) => `At least ${amount}`,
    pay: (amount: string) => `Pay ${amount}`,
    redirecting: "Opening the payment page…",
    methods: "Card, Alipay or WeChat Pay, as your platform offers them.",
    methodNames: { card: "Card", alipay: "Alipay", wechat_pay: "WeChat Pay" },
    payWith: (methods: string) => `Pay with ${methods}.`,
    credits: (amount: string) => `Adds ${amount} to your balance.`,
    invalidAmount: (example: string) => `Enter an amount such as ${example}.`,
    success: "Payment received. Your balance updates as soon as the payment provider confirms it.",
    cancelled: "Payment cancelled: nothing was charged.",
    failed: "The payment page could not be opened. Try again in a moment.",
  },
};
