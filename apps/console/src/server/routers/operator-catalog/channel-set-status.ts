import { setChannelStatus, setChannelStatusInput } from "@relay/services";
import { operatorProcedure } from "../../trpc.ts";
import { channelSavedOutput } from "./channel-schema.ts";

export const channelSetStatus = operatorProcedure
  .input(setChannelStatusInput)
  .output(channelSavedOutput)
  .mutation(async ({ ctx, input }) => {
    const channel = await setChannelStatus({ ctx, input });
    return {
      id: channel.id,
      name: channel.name,
      status: channel.status,
      credentialHint: channel.credentialHint,
    };
  });
