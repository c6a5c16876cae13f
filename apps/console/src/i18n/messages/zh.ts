import type { Messages } from "./index.ts";

export const zh: Messages = {
  meta: {
    title: "Relay 控制台",
    description: "Relay：面向分销商及其开发者的 OpenAI 兼容 API 平台。",
  },
  nav: {
    switchTo: "English",
    switchLabel: "Switch to English",
  },
  hero: {
    eyebrow: "OpenAI 兼容的 API 平台",
    title: "一个密钥，调用所有模型，计费精确到微美元。",
    lead: "Relay 让你以自己的品牌转售上游大模型服务。开发者继续使用原有的 OpenAI SDK 和工具，只需更换 Base URL 和密钥。",
  },
  endpoint: {
    title: "代理地址",
    hint: "将任意 OpenAI 客户端指向这个 Base URL。",
    copy: "复制",
    copied: "已复制",
  },
  status: {
    title: "平台状态",
    operational: "运行正常",
    unavailable: "不可用",
    tenants: "租户",
    models: "模型",
    channels: "上游渠道",
    enabledCount: (count) => `已启用 ${count}`,
    checkedAt: "检查时间",
  },
  dbError: {
    title: "无法连接数据库",
    body: "控制台无法读取平台状态。请确认 PostgreSQL 正在运行且 DATABASE_URL 指向它，然后刷新本页。",
    detail: "详细信息",
  },
  signIn: {
    title: "登录功能即将上线",
    body: "账户、API 密钥、充值和用量图表都将在这里提供。在此之前，运营方请使用命令行工具管理 Relay。",
    badge: "即将推出",
  },
  footer: {
    health: "健康检查",
  },
};
