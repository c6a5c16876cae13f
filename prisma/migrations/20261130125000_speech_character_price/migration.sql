-- AlterTable
ALTER TABLE "model_prices" ADD COLUMN     "per_mchar" BIGINT NOT NULL DEFAULT 0;
