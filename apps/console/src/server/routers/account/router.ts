import { router } from "../../trpc.ts";
import { accountSignUp } from "./sign-up.ts";

export const accountRouter = router({ signUp: accountSignUp });
