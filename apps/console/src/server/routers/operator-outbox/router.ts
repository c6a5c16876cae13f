import { router } from "../../trpc.ts";
import { operatorOutboxGet } from "./get.ts";
import { operatorOutboxList } from "./list.ts";

export const operatorOutboxRouter = router({
  list: operatorOutboxList,
  get: operatorOutboxGet,
});
