import type { Messages } from "./index.ts";

// 邮件相关文案（邀请邮件与撤销、低余额提醒状态、运营后台发件箱），与 mail-en.ts 一一对应。
export const mailZh: Pick<Messages, "mail"> = {
  mail: {
    invite: {
      sent: (email) => `已发送邮件至 ${email}。你也可以复制下方链接。`,
      outbox: "平台未配置邮件服务器，邮件保存在运营方的发件箱中：请复制链接自行发送。",
      failed: "邮件发送失败：请复制链接自行发送。",
      noPending: "没有待接受的邀请。",
      revoke: "撤销",
      revokeLabel: (email) => `撤销发给 ${email} 的邀请`,
      revokeTitle: "确定撤销此邀请？",
      revokeBody: (email) => `发给 ${email} 的链接将立即失效。之后你可以重新邀请。`,
      revokeConfirm: "撤销邀请",
      revoking: "正在撤销…",
    },
    alert: {
      lastSent: (date) => `上次提醒发送于 ${date}。`,
      armed: "当前没有待发的提醒：余额下次低于阈值时会发送一次。",
      recipients: "留空：提醒发送给工作区的所有者。",
    },
    outbox: {
      nav: "发件箱",
      title: "发件箱",
      lead: "平台写出的每一封邮件（邀请与低余额提醒），最新的在前。未配置 SMTP_URL 时，邮件保存在这里而不发送。",
      created: "创建时间",
      kind: "类型",
      to: "收件人",
      subject: "主题",
      transport: "发送方式",
      status: "状态",
      tenant: "工作区",
      kinds: { invitation: "邀请", low_balance: "低余额提醒", sign_up_attempt: "注册尝试" },
      transports: { smtp: "SMTP", outbox: "仅保存" },
      sent: "已发送",
      failed: "发送失败",
      sending: "尚未送达",
      kept: "已保存",
      sentAt: (date) => `发送于 ${date}`,
      error: "错误",
      read: "查看",
      emptyTitle: "还没有邮件",
      emptyBody: "邀请和低余额提醒一经写出就会显示在这里，无论是否配置了邮件服务器。",
      loadMore: "加载更多",
      end: "已显示全部邮件。",
    },
  },
};
