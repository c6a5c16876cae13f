import { router } from "../../trpc.ts";
import { usageGet } from "./get.ts";
import { usageList } from "./list.ts";

export const usageRouter = router({ list: usageList, get: usageGet });
