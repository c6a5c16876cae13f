import { listChannels } from "@relay/services";
import { z } from "zod";
import { operatorProcedure } from "../../trpc.ts";
import { channelOutput } from "./channel-schema.ts";

export const channelList = operatorProcedure
  .output(z.array(channelOutput))
  .query(({ ctx }) => listChannels({ ctx }));
