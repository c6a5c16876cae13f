-- AlterTable
ALTER TABLE "tenants" ADD COLUMN     "code_msg" BOOLEAN;

-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "code_msg" BOOLEAN;

-- CreateTable
CREATE TABLE "default_models" (
    "endpoint" TEXT NOT NULL,
    "model_id" TEXT NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "default_models_pkey" PRIMARY KEY ("endpoint")
);

-- CreateTable
CREATE TABLE "catalog_version" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "catalog_version_pkey" PRIMARY KEY ("id")
);

-- AddForeignKey
ALTER TABLE "default_models" ADD CONSTRAINT "default_models_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- The one row every catalog change bumps.
INSERT INTO "catalog_version" ("id", "version") VALUES (1, 0);
