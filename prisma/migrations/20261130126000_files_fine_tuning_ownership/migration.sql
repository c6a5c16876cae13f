-- AlterEnum
ALTER TYPE "UpstreamObjectKind" ADD VALUE 'FINE_TUNED_MODEL';

-- AlterTable
ALTER TABLE "tenants" ADD COLUMN     "storage_quota_bytes" BIGINT;

-- AlterTable
ALTER TABLE "upstream_objects" ADD COLUMN     "api_key_id" UUID,
ADD COLUMN     "base_model" TEXT,
ADD COLUMN     "bytes" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "charged" BIGINT,
ADD COLUMN     "filename" TEXT,
ADD COLUMN     "hold_amount" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "purpose" TEXT,
ADD COLUMN     "snapshot" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "status" TEXT,
ADD COLUMN     "tokens" INTEGER;

-- CreateTable
CREATE TABLE "fine_tune_prices" (
    "model_id" TEXT NOT NULL,
    "training_per_mtok" BIGINT NOT NULL,
    "input_per_mtok" BIGINT NOT NULL,
    "output_per_mtok" BIGINT NOT NULL,
    "cached_input_per_mtok" BIGINT NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "fine_tune_prices_pkey" PRIMARY KEY ("model_id")
);

-- AddForeignKey
ALTER TABLE "fine_tune_prices" ADD CONSTRAINT "fine_tune_prices_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "upstream_objects" ADD CONSTRAINT "upstream_objects_api_key_id_fkey" FOREIGN KEY ("api_key_id") REFERENCES "api_keys"("id") ON DELETE SET NULL ON UPDATE CASCADE;

