-- AlterTable
ALTER TABLE "topup_orders" ADD COLUMN     "stripe_payment_intent_id" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "topup_orders_stripe_payment_intent_id_key" ON "topup_orders"("stripe_payment_intent_id");

