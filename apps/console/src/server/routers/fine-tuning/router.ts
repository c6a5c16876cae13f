import { router } from "../../trpc.ts";
import { fineTuningList } from "./list.ts";

export const fineTuningRouter = router({ list: fineTuningList });
