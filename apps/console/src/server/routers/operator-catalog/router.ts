import { router } from "../../trpc.ts";
import { channelAdd } from "./channel-add.ts";
import { channelList } from "./channel-list.ts";
import { channelSetStatus } from "./channel-set-status.ts";
import { channelTest } from "./channel-test.ts";
import { channelUpdate } from "./channel-update.ts";
import { clientDefaults } from "./client-defaults.ts";
import { codeMsgSet } from "./code-msg-set.ts";
import { defaultModelSet } from "./default-model-set.ts";
import { imagePriceSet } from "./image-price-set.ts";
import { modelList } from "./model-list.ts";
import { modelUpdate } from "./model-update.ts";
import { priceGroupList } from "./price-group-list.ts";
import { priceGroupSave } from "./price-group-save.ts";
import { priceSet } from "./price-set.ts";

export const operatorCatalogRouter = router({
  channels: channelList,
  addChannel: channelAdd,
  updateChannel: channelUpdate,
  setChannelStatus: channelSetStatus,
  testChannel: channelTest,
  models: modelList,
  updateModel: modelUpdate,
  setPrice: priceSet,
  setImagePrice: imagePriceSet,
  priceGroups: priceGroupList,
  savePriceGroup: priceGroupSave,
  clientDefaults,
  setDefaultModel: defaultModelSet,
  setCodeMsg: codeMsgSet,
});
