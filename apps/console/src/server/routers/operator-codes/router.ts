import { router } from "../../trpc.ts";
import { codesBatches } from "./batches.ts";
import { codesDisable } from "./disable.ts";
import { codesExport } from "./export.ts";
import { codesGenerate } from "./generate.ts";
import { codesList } from "./list.ts";

export const operatorCodesRouter = router({
  generate: codesGenerate,
  list: codesList,
  batches: codesBatches,
  disable: codesDisable,
  export: codesExport,
});
