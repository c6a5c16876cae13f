-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "held" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "holds" ADD COLUMN     "instance_id" UUID;

-- CreateTable
CREATE TABLE "proxy_instances" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeat_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "proxy_instances_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "proxy_instances_name_idx" ON "proxy_instances"("name");

-- CreateIndex
CREATE INDEX "ledger_entries_tenant_id_id_idx" ON "ledger_entries"("tenant_id", "id");

-- CreateIndex
CREATE INDEX "holds_instance_id_state_idx" ON "holds"("instance_id", "state");

-- Open holds written before this migration count against their keys.
UPDATE "api_keys" k SET "held" = h.total
FROM (SELECT "api_key_id", sum("amount") AS total FROM "holds" WHERE "state" = 'HELD' GROUP BY "api_key_id") h
WHERE k."id" = h."api_key_id";
