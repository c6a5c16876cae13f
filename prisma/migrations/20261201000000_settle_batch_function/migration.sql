-- One settlement batch in one statement (packages/billing/src/settlement/batch.ts calls it): the
-- same steps the proxy's writer sent one by one, in the same order, run by the server itself, so a
-- batch costs one round trip instead of eleven. Every statement of a batch used to wake the
-- database and then the proxy; those wake-ups cost both sides more than the rows did.
--
-- p_tenants: every tenant of the batch, locked first in id order, so writers never deadlock.
-- p_holds: holds placed in Redis, written through: [{tenant_id, api_key_id, request_id, amount,
--   ttl_ms, instance_id}]. A hold already there (a retried batch) counts once.
-- p_calls: settlements, in order: [{ord, request_id, tenant_id, api_key_id, ..., created_at}]. A
--   request id already recorded is skipped: never charged twice.
-- Returns {closed: [{request_id, tenant_id, api_key_id, amount}], balances: [{tenant_id, version,
--   balance}], spends: [{api_key_id, version, spent}]}, amounts as text: what the Redis mirrors
--   follow. A balance's version is the id of the tenant's newest ledger entry.
CREATE FUNCTION "relay_settle_batch"(p_tenants uuid[], p_holds json, p_calls json)
RETURNS json LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  v_closed json;
  v_balances json;
  v_spends json;
BEGIN
  PERFORM 1 FROM tenants WHERE id = ANY(p_tenants) ORDER BY id FOR NO KEY UPDATE;

  WITH inserted AS (
    INSERT INTO holds (id, tenant_id, api_key_id, request_id, amount, instance_id, expires_at)
    SELECT gen_random_uuid(), h.tenant_id, h.api_key_id, h.request_id, h.amount, h.instance_id,
           now() + h.ttl_ms * interval '1 millisecond'
    FROM json_to_recordset(p_holds)
      AS h(tenant_id uuid, api_key_id uuid, request_id text, amount bigint, ttl_ms int,
           instance_id uuid)
    ON CONFLICT (request_id) DO NOTHING
    RETURNING tenant_id, api_key_id, amount
  ), on_tenants AS (
    UPDATE tenants t SET held = t.held + v.amount
    FROM (SELECT tenant_id, sum(amount) AS amount FROM inserted GROUP BY tenant_id) v
    WHERE t.id = v.tenant_id
  )
  UPDATE api_keys k SET held = k.held + v.amount
  FROM (SELECT api_key_id, sum(amount) AS amount FROM inserted GROUP BY api_key_id) v
  WHERE k.id = v.api_key_id;

  WITH calls AS (
    SELECT * FROM json_to_recordset(p_calls)
      AS c(ord int, request_id text, tenant_id uuid, api_key_id uuid, channel_id uuid, model text,
           upstream_model text, endpoint text, stream bool, status int, error_code text,
           prompt_tokens int, completion_tokens int, cached_tokens int, images int,
           audio_seconds int, price bigint, upstream_cost bigint, latency_ms int,
           first_byte_ms int, client_ip text, created_at timestamptz, error_message text)
  ), recorded AS (
    INSERT INTO usage_records (request_id, tenant_id, api_key_id, channel_id, model, upstream_model,
      endpoint, stream, status, error_code, prompt_tokens, completion_tokens, cached_tokens, images,
      audio_seconds, price, upstream_cost, latency_ms, first_byte_ms, client_ip, created_at,
      error_message)
    SELECT request_id, tenant_id, api_key_id, channel_id, model, upstream_model, endpoint, stream,
      status, error_code, prompt_tokens, completion_tokens, cached_tokens, images, audio_seconds,
      price, upstream_cost, latency_ms, first_byte_ms, client_ip, created_at, error_message
    FROM calls ORDER BY ord
    ON CONFLICT (request_id) DO NOTHING
    RETURNING request_id
  ), fresh AS (
    SELECT c.* FROM calls c JOIN recorded r USING (request_id)
  ), closed AS (
    UPDATE holds h SET state = 'SETTLED', closed_at = now()
    FROM fresh f
    WHERE h.request_id = f.request_id AND h.state = 'HELD'
    RETURNING h.request_id, h.tenant_id, h.api_key_id, h.amount
  ), on_tenants AS (
    -- Only what Postgres held is taken off its `held` columns.
    UPDATE tenants t SET balance = t.balance - v.price, held = t.held - v.released,
      updated_at = now()
    FROM (SELECT f.tenant_id, sum(f.price) AS price, coalesce(sum(c.amount), 0) AS released
          FROM fresh f LEFT JOIN closed c USING (request_id) GROUP BY f.tenant_id) v
    WHERE t.id = v.tenant_id
    RETURNING t.id, t.balance
  ), ledger AS (
    -- One entry per charged call, in call order; each with the balance it left, walking back
    -- from the tenant's new balance over the calls charged after it.
    INSERT INTO ledger_entries (tenant_id, kind, amount, balance_after, idempotency_key, reference)
    SELECT tenant_id, 'USAGE', -price, balance_after, 'usage:' || request_id, request_id
    FROM (
      SELECT f.ord, f.tenant_id, f.price, f.request_id,
        t.balance + coalesce(sum(f.price) OVER (PARTITION BY f.tenant_id ORDER BY f.ord
          ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING), 0) AS balance_after
      FROM fresh f JOIN on_tenants t ON t.id = f.tenant_id
      WHERE f.price > 0
    ) charged
    ORDER BY ord
    RETURNING tenant_id, id
  ), versions AS (
    SELECT tenant_id, max(id) AS version FROM ledger GROUP BY tenant_id
  ), daily AS (
    INSERT INTO usage_daily AS d (tenant_id, day, api_key_id, model, requests, errors,
      prompt_tokens, completion_tokens, cached_tokens, images, audio_seconds, price, upstream_cost)
    SELECT tenant_id, (created_at AT TIME ZONE 'UTC')::date, api_key_id, model, count(*),
      count(*) FILTER (WHERE status >= 400), sum(prompt_tokens), sum(completion_tokens),
      sum(cached_tokens), sum(images), sum(audio_seconds), sum(price), sum(upstream_cost)
    FROM fresh
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (tenant_id, day, api_key_id, model) DO UPDATE SET
      requests = d.requests + EXCLUDED.requests,
      errors = d.errors + EXCLUDED.errors,
      prompt_tokens = d.prompt_tokens + EXCLUDED.prompt_tokens,
      completion_tokens = d.completion_tokens + EXCLUDED.completion_tokens,
      cached_tokens = d.cached_tokens + EXCLUDED.cached_tokens,
      images = d.images + EXCLUDED.images,
      audio_seconds = d.audio_seconds + EXCLUDED.audio_seconds,
      price = d.price + EXCLUDED.price,
      upstream_cost = d.upstream_cost + EXCLUDED.upstream_cost
  ), on_keys AS (
    UPDATE api_keys k SET spent = k.spent + v.spent, held = k.held - v.released,
      last_used_at = GREATEST(k.last_used_at, v.used)
    FROM (SELECT f.api_key_id, sum(f.price) AS spent, coalesce(sum(c.amount), 0) AS released,
            max(f.created_at) AS used
          FROM fresh f LEFT JOIN closed c USING (request_id) GROUP BY f.api_key_id) v
    WHERE k.id = v.api_key_id
    RETURNING k.id, k.tenant_id, k.spent
  )
  SELECT
    (SELECT coalesce(json_agg(json_build_object('request_id', request_id, 'tenant_id', tenant_id,
       'api_key_id', api_key_id, 'amount', amount::text)), '[]') FROM closed),
    (SELECT coalesce(json_agg(json_build_object('tenant_id', t.id, 'version', v.version::text,
       'balance', t.balance::text)), '[]')
     FROM on_tenants t JOIN versions v ON v.tenant_id = t.id),
    (SELECT coalesce(json_agg(json_build_object('api_key_id', k.id, 'version', v.version::text,
       'spent', k.spent::text)), '[]')
     FROM on_keys k JOIN versions v ON v.tenant_id = k.tenant_id)
  INTO v_closed, v_balances, v_spends;

  RETURN json_build_object('closed', v_closed, 'balances', v_balances, 'spends', v_spends);
END
$$;
