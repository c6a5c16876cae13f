// Strings of the console's everyday fixes: the low-balance banner, suspended keys, the credit
// dialog's notice, readable audit entries, the day-grouped balance history and display currency.
export const fixesEn = {
  fixes: {
    lowBalanceBody: (threshold: string) =>
      `Your balance is below the ${threshold} you set in Settings. Calls are refused once it cannot cover them.`,
    goToBilling: "Top up in Billing",
    suspendedKey: "Suspended",
    suspendedKeyHint:
      "This workspace is suspended: its keys are refused and no key can be created.",
    creditReasonShown: "The tenant's members see this reason in their balance history.",
    creditDone: "Done",
    slug: "Slug",
    slugHint:
      "The workspace's address, /console/<slug>. Lowercase letters, digits and dashes; empty derives it from the name.",
    slugInvalid: "Use lowercase letters, digits and dashes, starting with a letter or digit.",
    upstreamModels: "Models the upstream lists, not served yet",
    serveModels: (count: string) => `Add ${count} to Models served`,
    allServed: "The channel already serves every model the upstream lists.",
    copyCode: "Copy",
    copied: "Copied",
    history: {
      usageDay: (calls: string) => `API usage · ${calls} calls`,
      showCalls: "Show calls",
      hideCalls: "Hide calls",
      call: "API call",
    },
    audit: {
      actions: {
        "ledger.grant": (amount: string, reason: string) => `Credited ${amount}: ${reason}`,
        "ledger.adjustment": (amount: string, reason: string) => `Adjusted by ${amount}: ${reason}`,
        "tenant.create": (name: string, slug: string) => `Created workspace ${name} (${slug})`,
        "tenant.suspend": (reason: string) => `Suspended the workspace: ${reason}`,
        "tenant.reactivate": "Reactivated the workspace",
        "api_key.create": (name: string, prefix: string) => `Created key ${name} (${prefix}…)`,
        "api_key.revoke": (prefix: string) => `Revoked key ${prefix}…`,
        "redemption.generate": (count: string, amount: string) =>
          `Generated ${count} codes worth ${amount} each`,
        "redemption.redeem": (amount: string) => `Redeemed a code worth ${amount}`,
        "channel.test": (ok: boolean, latency: string) =>
          ok ? `Channel test passed in ${latency} ms` : `Channel test failed after ${latency} ms`,
        "member.role": (from: string, to: string) =>
          `Changed a member's role from ${from} to ${to}`,
        "invitation.create": (email: string, role: string) => `Invited ${email} as ${role}`,
        "user.sign_up": (email: string) => `${email} signed up`,
      },
      fields: {
        amount: "Amount",
        reason: "Reason",
        name: "Name",
        slug: "Slug",
        before: "Before",
        after: "After",
        from: "From",
        to: "To",
        status: "Status",
        email: "Email",
        role: "Role",
        prefix: "Key",
        models: "Models",
        lowBalanceThreshold: "Low-balance threshold",
      } as Record<string, string>,
    },
    currency: {
      title: "Display currency",
      lead: "How balances, prices and spend are shown. The ledger stays in USD; the USD amount shows on hover.",
      usd: "US dollars (USD)",
      cny: "Chinese yuan (CNY)",
      rate: "CNY per USD",
      rateHint: "Used for display only. Chinese-language pages show CNY once a rate is set.",
      save: "Save",
      saved: "Saved",
      badRate: "Enter a rate such as 7.2.",
      inputIn: (code: string) => `Amounts are entered in ${code}.`,
    },
  },
};
