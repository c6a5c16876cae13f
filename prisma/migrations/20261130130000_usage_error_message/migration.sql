-- Failed calls are recorded too: what the client was refused with.
ALTER TABLE "usage_records" ADD COLUMN     "error_message" VARCHAR(500);
