import { updateChannel, updateChannelInput } from "@relay/services";
import { encryptionKey } from "../../encryption-key.ts";
import { operatorProcedure } from "../../trpc.ts";
import { channelSavedOutput } from "./channel-schema.ts";

export const channelUpdate = operatorProcedure
  .input(updateChannelInput)
  .output(channelSavedOutput)
  .mutation(async ({ ctx, input }) => {
    const channel = await updateChannel({ ctx, input, encryptionKey: encryptionKey() });
    return {
      id: channel.id,
      name: channel.name,
      status: channel.status,
      credentialHint: channel.credentialHint,
    };
  });
