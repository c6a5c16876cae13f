import { z } from "zod";

export const outboxRowOutput = z.object({
  id: z.uuid(),
  kind: z.string(),
  to: z.string(),
  subject: z.string(),
  transport: z.string(),
  sentAt: z.date().nullable(),
  error: z.string().nullable(),
  createdAt: z.date(),
  tenant: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }).nullable(),
});
