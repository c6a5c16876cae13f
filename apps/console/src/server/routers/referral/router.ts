import { router } from "../../trpc.ts";
import { referralStats } from "./stats.ts";

export const referralRouter = router({ stats: referralStats });
