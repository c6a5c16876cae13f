import { router } from "../../trpc.ts";
import { meGet } from "./get.ts";

export const meRouter = router({ get: meGet });
