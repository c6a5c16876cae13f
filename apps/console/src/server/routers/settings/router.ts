import { router } from "../../trpc.ts";
import { settingsAcceptInvite } from "./accept-invite.ts";
import { settingsChangeRole } from "./change-role.ts";
import { settingsGet } from "./get.ts";
import { settingsInvitations } from "./invitations.ts";
import { settingsInvite } from "./invite.ts";
import { settingsMembers } from "./members.ts";
import { settingsRemoveMember } from "./remove-member.ts";
import { settingsRevokeInvitation } from "./revoke-invitation.ts";
import { settingsUpdate } from "./update.ts";

export const settingsRouter = router({
  get: settingsGet,
  update: settingsUpdate,
  members: settingsMembers,
  invitations: settingsInvitations,
  invite: settingsInvite,
  revokeInvitation: settingsRevokeInvitation,
  acceptInvite: settingsAcceptInvite,
  changeRole: settingsChangeRole,
  removeMember: settingsRemoveMember,
});
