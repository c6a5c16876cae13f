-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "TopUpState" ADD VALUE 'DISPUTED';
ALTER TYPE "TopUpState" ADD VALUE 'CHARGED_BACK';

-- CreateTable
CREATE TABLE "deferred_payment_events" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payment_intent_id" TEXT NOT NULL,
    "object" JSONB NOT NULL,
    "event_created_at" TIMESTAMP(3) NOT NULL,
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "applied_at" TIMESTAMP(3),

    CONSTRAINT "deferred_payment_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "deferred_payment_events_payment_intent_id_idx" ON "deferred_payment_events"("payment_intent_id");

