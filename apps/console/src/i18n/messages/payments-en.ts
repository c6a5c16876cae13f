// The operator's payment settings page and the developer's top-up receipts, merged into `en`
// with one spread.
export const paymentsEn = {
  payments: {
    nav: "Payments",
    title: "Payment settings",
    lead: "What developers pay in when they top up, the amounts offered, and what each payment credits.",
    stripe: {
      title: "Stripe",
      on: "Top-up is on",
      off: "Top-up is off",
      offBody:
        "Set both STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET in the console's environment and restart it. Until then developers are pointed to redemption codes.",
      secretKey: "Secret key (STRIPE_SECRET_KEY)",
      webhookSecret: "Webhook signing secret (STRIPE_WEBHOOK_SECRET)",
      set: "Set",
      missing: "Not set",
      modes: { test: "test mode", live: "live mode", unknown: "unrecognised key prefix" },
      localDouble:
        "STRIPE_API_BASE points at a local Stripe stand-in: payments here move no real money.",
      keysHint: "Keys are read from the environment only and are never shown or stored here.",
      webhookUrl: "Webhook endpoint",
      webhookHint:
        "In Stripe's dashboard (Developers → Webhooks) add this URL, subscribe it to these events, and put its signing secret in STRIPE_WEBHOOK_SECRET:",
    },
    form: {
      title: "Top-up options",
      currency: "Currency",
      currencyHint:
        "Three-letter ISO code, such as usd, cny or eur. Every top-up is charged in it.",
      minimum: "Smallest top-up",
      presets: "Preset amounts",
      presetsHint: (max: string) =>
        `Separated by commas, e.g. 10, 20, 50; up to ${max}, each at least the smallest top-up.`,
      methods: "Payment methods",
      methodsHint:
        "At least one. Alipay and WeChat Pay take only some currencies (CNY and USD among them) and must be enabled in your Stripe account first.",
      rateTitle: "Conversion rate",
      rateLabel: (code: string) => `1 ${code} =`,
      rateHint: (code: string, decimals: string) =>
        `How many US dollars of balance one ${code} credits, with at most ${decimals} decimals. Relay never fetches exchange rates: this is your price, and changing it affects only payments made afterwards.`,
      rateExample: (paid: string, credited: string) => `A payment of ${paid} credits ${credited}.`,
      usdRate: "Balances are kept in US dollars, so USD payments credit at face value.",
      save: "Save settings",
      saving: "Saving…",
      saved: "Saved. New top-ups use these settings now.",
    },
    errors: {
      currency: "Enter a three-letter currency code, such as usd or cny.",
      amount: (code: string) => `Enter an amount in ${code}, e.g. 10 or 10.50.`,
      presets: (code: string) =>
        `Enter amounts in ${code} separated by commas, e.g. 10, 20, 50 (at most 8).`,
      presetBelowMinimum: (amount: string) =>
        `Every preset must be at least the smallest top-up; ${amount} is below it.`,
      methods: "Allow at least one payment method.",
      rate: (decimals: string) =>
        `Enter a positive number of US dollars with at most ${decimals} decimals.`,
    },
  },
  receipts: {
    title: "Top-ups",
    emptyTitle: "No top-ups yet",
    emptyBody: "Payments made with the form above appear here, with a receipt for each one paid.",
    date: "Date",
    paid: "Paid",
    credited: "Credited",
    method: "Method",
    state: "Status",
    view: "Receipt",
    states: {
      PENDING: "Pending",
      PAID: "Paid",
      EXPIRED: "Expired",
      REFUNDED: "Refunded",
      FAILED: "Failed",
      DISPUTED: "Disputed",
      CHARGED_BACK: "Charged back",
    },
    refunded: (amount: string) => `${amount} refunded`,
    loadMore: "Load more",
    returned: {
      pending: "Stripe has your payment; waiting for its confirmation…",
      slow: "Still waiting. Some payment methods take a few minutes to confirm; this updates by itself.",
      paid: (credited: string) => `Paid: ${credited} was added to your balance.`,
      failed: "The payment failed: nothing was charged.",
      expired: "The payment page expired: nothing was charged.",
      refunded: "This payment has been refunded.",
      notFound: "This payment could not be found in this workspace.",
    },
    receipt: {
      title: "Receipt",
      number: "Receipt number",
      issuer: "Relay",
      issuerLine: "Prepaid API balance top-up",
      billedTo: "Billed to",
      datePaid: "Date paid",
      amountPaid: "Amount paid",
      currency: "Currency",
      credited: "Balance credited",
      creditedHint: "US dollars, to the micro-dollar.",
      method: "Payment method",
      session: "Stripe Checkout session",
      paymentIntent: "Stripe payment",
      refunds: "Refunds",
      refundRow: (date: string) => `Refunded on ${date}`,
      refundedTotal: "Total refunded",
      netCredit: "Net credit",
      status: "Status",
      print: "Print",
      back: "Back to billing",
      notFoundTitle: "No receipt here",
      notFoundBody:
        "This top-up does not exist in this workspace, or it was never paid. Receipts exist for paid top-ups only.",
      footer:
        "Balances are prepaid credit for API usage on this platform. Keep this receipt for your records.",
    },
  },
};
