import { router } from "../../trpc.ts";
import { apiKeyCreate } from "./create.ts";
import { apiKeyList } from "./list.ts";
import { apiKeyRevoke } from "./revoke.ts";
import { apiKeySetStatus } from "./set-status.ts";
import { apiKeyUpdate } from "./update.ts";

export const apiKeyRouter = router({
  list: apiKeyList,
  create: apiKeyCreate,
  revoke: apiKeyRevoke,
  update: apiKeyUpdate,
  setStatus: apiKeySetStatus,
});
