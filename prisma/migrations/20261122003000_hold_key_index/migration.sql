-- CreateIndex
CREATE INDEX "holds_api_key_id_state_idx" ON "holds"("api_key_id", "state");

