-- CreateEnum
CREATE TYPE "PaymentProvider" AS ENUM ('STRIPE', 'WECHAT_PAY', 'ALIPAY');

-- AlterTable
ALTER TABLE "topup_orders" ADD COLUMN     "expires_at" TIMESTAMP(3),
ADD COLUMN     "provider" "PaymentProvider" NOT NULL DEFAULT 'STRIPE',
ADD COLUMN     "provider_trade_no" TEXT,
ADD COLUMN     "qr_content" TEXT;

-- CreateIndex
CREATE INDEX "topup_orders_provider_state_expires_at_idx" ON "topup_orders"("provider", "state", "expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "topup_orders_provider_provider_trade_no_key" ON "topup_orders"("provider", "provider_trade_no");

