import { changeMemberRole, changeMemberRoleInput } from "@relay/services";
import { tenantRoleProcedure } from "../../trpc.ts";
import { memberOutput } from "./members.ts";

export const settingsChangeRole = tenantRoleProcedure("OWNER")
  .input(changeMemberRoleInput.omit({ tenantId: true }))
  .output(memberOutput)
  .mutation(({ ctx, input }) =>
    changeMemberRole({ ctx, input: { ...input, tenantId: ctx.membership.tenantId } }),
  );
