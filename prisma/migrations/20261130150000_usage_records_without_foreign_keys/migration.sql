-- Usage records are written in bulk on every call; their reference checks cost more than the rows.

-- DropForeignKey
ALTER TABLE "usage_records" DROP CONSTRAINT "usage_records_tenant_id_fkey";

-- DropForeignKey
ALTER TABLE "usage_records" DROP CONSTRAINT "usage_records_api_key_id_fkey";

-- DropForeignKey
ALTER TABLE "usage_records" DROP CONSTRAINT "usage_records_channel_id_fkey";

