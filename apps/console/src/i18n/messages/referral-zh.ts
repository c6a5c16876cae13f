// 推荐奖励相关文案：开发者的“邀请”页、被邀请方的提示、运营方的奖励规则与奖励列表。
import type { referralEn } from "./referral-en.ts";

type Shape<T> = {
  readonly [K in keyof T]: T[K] extends string
    ? string
    : T[K] extends (...args: infer A) => string
      ? (...args: A) => string
      : Shape<T[K]>;
};

export const referralZh: Shape<typeof referralEn> = {
  referral: {
    nav: "邀请",
    title: "邀请",
    lead: "分享你的邀请链接。通过它注册的工作空间每次付费充值，你都会获得一笔奖励，计入你的余额。",
    linkTitle: "你的邀请链接",
    linkHint: "任何人通过此链接创建账号，都会记为你邀请的用户。",
    rule: (percent: string) => `你邀请的工作空间每次付费充值，你可获得充值金额的 ${percent}。`,
    ruleCapped: (percent: string, cap: string) =>
      `你邀请的工作空间每次付费充值，你可获得充值金额的 ${percent}，每个工作空间最多 ${cap}。`,
    off: "目前暂停发放奖励；通过你的链接注册的用户仍会被记录。",
    signUps: "通过链接注册",
    earned: "已获奖励",
    rewards: "获奖励的充值",
    earnedHint: "已扣除因充值退款而收回的奖励。每笔奖励都会显示在你的余额明细中。",
    joinedThrough: (name: string) => `通过 ${name} 的邀请加入`,
    operator: {
      nav: "推荐奖励",
      title: "推荐奖励",
      lead: "奖励邀请他人的工作空间：被邀请的工作空间每次付费充值，按比例奖励到邀请方余额。兑换码和运营方赠送的额度不产生奖励。",
      settingsTitle: "奖励规则",
      enabled: "发放推荐奖励",
      rate: "奖励比例（每次付费充值的 %）",
      rateHint: "最多两位小数，例如 10 或 2.5。",
      cap: "每个被邀请工作空间的上限（美元）",
      capHint: "一个被邀请的工作空间在整个生命周期内最多为邀请方带来的奖励。留空表示不设上限。",
      save: "保存",
      saving: "保存中…",
      saved: "已保存",
      errors: {
        rate: "请输入 0 到 100 之间、最多两位小数的百分比。",
        cap: "请输入大于零的美元金额，或留空。",
        onAtZero: "要开启奖励，比例必须大于 0%。",
        generic: "设置未能保存。",
      },
      listTitle: "已发放的奖励",
      empty: "暂无奖励",
      emptyBody: "被邀请的工作空间付费充值后，奖励会显示在这里。",
      when: "时间",
      referrer: "邀请方",
      referred: "被邀请的工作空间",
      topUp: "充值",
      amount: "奖励",
      reversed: "已收回",
      loadMore: "加载更多",
      end: "已显示全部奖励。",
    },
  },
};
