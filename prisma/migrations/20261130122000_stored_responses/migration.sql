-- CreateTable
CREATE TABLE "stored_responses" (
    "id" TEXT NOT NULL,
    "tenant_id" UUID NOT NULL,
    "api_key_id" UUID,
    "channel_id" UUID,
    "previous_response_id" TEXT,
    "model" TEXT NOT NULL,
    "input" JSONB,
    "response" JSONB,
    "context_tokens" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deleted_at" TIMESTAMP(3),

    CONSTRAINT "stored_responses_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "stored_responses_tenant_id_created_at_idx" ON "stored_responses"("tenant_id", "created_at");

-- AddForeignKey
ALTER TABLE "stored_responses" ADD CONSTRAINT "stored_responses_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

