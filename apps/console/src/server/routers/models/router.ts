import { router } from "../../trpc.ts";
import { modelsList } from "./list.ts";

export const modelsRouter = router({ list: modelsList });
