// Referral strings: the developer's Invite page, the referred side's note, the operator's rule
// and rewards list. Merged into `en` with one spread.
export const referralEn = {
  referral: {
    nav: "Invite",
    title: "Invite",
    lead: "Share your invite link. When a workspace that signs up through it pays for a top-up, you earn a reward on your balance.",
    linkTitle: "Your invite link",
    linkHint: "Anyone who creates an account through this link joins as your referral.",
    rule: (percent: string) =>
      `You earn ${percent} of every paid top-up of the workspaces you invite.`,
    ruleCapped: (percent: string, cap: string) =>
      `You earn ${percent} of every paid top-up of the workspaces you invite, up to ${cap} per workspace.`,
    off: "Rewards are not being paid at the moment; sign-ups through your link still count.",
    signUps: "Sign-ups through your link",
    earned: "Rewards earned",
    rewards: "Rewarded top-ups",
    earnedHint:
      "Net of rewards taken back when a top-up was refunded. Each reward is in your balance history.",
    joinedThrough: (name: string) => `Joined through ${name}'s invite`,
    operator: {
      nav: "Referrals",
      title: "Referrals",
      lead: "Reward workspaces that invite others: a share of each paid top-up of the workspaces they bring, credited to their balance. Redemption codes and operator credits earn nothing.",
      settingsTitle: "Reward",
      enabled: "Pay referral rewards",
      rate: "Reward (% of each paid top-up)",
      rateHint: "Up to two decimals, e.g. 10 or 2.5.",
      cap: "Cap per referred workspace (USD)",
      capHint:
        "The most one referred workspace can earn its referrer over its lifetime. Empty: no cap.",
      save: "Save",
      saving: "Saving…",
      saved: "Saved",
      errors: {
        rate: "Enter a percentage from 0 to 100 with at most two decimals.",
        cap: "Enter an amount in dollars above zero, or leave it empty.",
        onAtZero: "Set a reward above 0% to turn rewards on.",
        generic: "The settings could not be saved.",
      },
      listTitle: "Rewards paid",
      empty: "No rewards yet",
      emptyBody: "Rewards appear here when a referred workspace pays for a top-up.",
      when: "When",
      referrer: "Referrer",
      referred: "Referred workspace",
      topUp: "Top-up",
      amount: "Reward",
      reversed: "Reversed",
      loadMore: "Load more",
      end: "That is every reward.",
    },
  },
};
