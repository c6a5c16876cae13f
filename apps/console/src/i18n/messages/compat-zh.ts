import type { compatEn } from "./compat-en.ts";

type Shape<T> = {
  readonly [K in keyof T]: T[K] extends string
    ? string
    : T[K] extends (...args: infer A) => string
      ? (...args: A) => string
      : Shape<T[K]>;
};

export const compatZh: Shape<typeof compatEn> = {
  compat: {
    title: "未指定模型的客户端",
    lead: '请求未带 "model" 时使用该接口的默认模型；未设置默认模型时按 OpenAI 的方式返回 400。修改对下一次调用即时生效。',
    endpoints: {
      chat: "对话补全",
      completions: "文本补全",
      embeddings: "向量嵌入",
      images: "图片生成",
      audio: "语音转写",
    },
    defaultLabel: (endpoint: string) => `${endpoint}的默认模型`,
    none: "无：必须指定模型",
    codeMsgTitle: '响应中的 "code" 与 "msg"',
    codeMsgLead:
      'JSON 响应在 OpenAI 对象之外附带 "code" 与 "msg"：成功时为 0 和 ""，失败时为 HTTP 状态码和错误信息，与原服务的客户端约定一致。流式响应中从不附带。',
    platformSwitch: "全平台开启（组织与密钥可单独覆盖）",
    tenantLabel: '该组织响应中的 "code" 与 "msg"',
    keyLabel: '该密钥响应中的 "code" 与 "msg"',
    choices: {
      inheritPlatform: "跟随平台设置",
      inheritTenant: "跟随组织设置",
      on: "开启",
      off: "关闭",
    },
    saveFailed: "保存失败，请重试。",
  },
};
