-- AlterEnum
ALTER TYPE "LedgerKind" ADD VALUE 'REFERRAL';

-- AlterTable
ALTER TABLE "tenants" ADD COLUMN     "referral_code" TEXT NOT NULL DEFAULT substr(md5((gen_random_uuid())::text), 1, 12),
ADD COLUMN     "referred_by_id" UUID;

-- CreateTable
CREATE TABLE "referral_rewards" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "referrer_id" UUID NOT NULL,
    "referred_id" UUID NOT NULL,
    "topup_order_id" UUID NOT NULL,
    "rate_bps" INTEGER NOT NULL,
    "amount" BIGINT NOT NULL,
    "reversed_amount" BIGINT NOT NULL DEFAULT 0,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "referral_rewards_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "referral_rewards_topup_order_id_key" ON "referral_rewards"("topup_order_id");

-- CreateIndex
CREATE INDEX "referral_rewards_referrer_id_created_at_idx" ON "referral_rewards"("referrer_id", "created_at");

-- CreateIndex
CREATE INDEX "referral_rewards_referred_id_idx" ON "referral_rewards"("referred_id");

-- CreateIndex
CREATE INDEX "referral_rewards_created_at_idx" ON "referral_rewards"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "tenants_referral_code_key" ON "tenants"("referral_code");

-- CreateIndex
CREATE INDEX "tenants_referred_by_id_idx" ON "tenants"("referred_by_id");

-- AddForeignKey
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_referred_by_id_fkey" FOREIGN KEY ("referred_by_id") REFERENCES "tenants"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referral_rewards" ADD CONSTRAINT "referral_rewards_referrer_id_fkey" FOREIGN KEY ("referrer_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referral_rewards" ADD CONSTRAINT "referral_rewards_referred_id_fkey" FOREIGN KEY ("referred_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referral_rewards" ADD CONSTRAINT "referral_rewards_topup_order_id_fkey" FOREIGN KEY ("topup_order_id") REFERENCES "topup_orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- A workspace's referrer is set when it is created and never changed after (it may only be
-- cleared, by the referrer's deletion), and a workspace cannot be its own referrer.
CREATE FUNCTION "tenants_referral_fixed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.referred_by_id = NEW.id THEN
    RAISE EXCEPTION 'a workspace cannot refer itself';
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.referred_by_id IS NOT NULL
     AND NEW.referred_by_id IS DISTINCT FROM OLD.referred_by_id THEN
    RAISE EXCEPTION 'a workspace''s referrer is set only when it is created';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER "tenants_referral_fixed" BEFORE INSERT OR UPDATE OF "referred_by_id" ON "tenants"
  FOR EACH ROW EXECUTE FUNCTION "tenants_referral_fixed"();
