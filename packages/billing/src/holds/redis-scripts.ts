// The Lua scripts of Redis holds (redis-holds.ts): each runs atomically on the server, so a
// check and the reservation it allows can never be split by another replica's.

// KEYS[1] tenant mirror, KEYS[2] key mirror, KEYS[3] this process's open holds.
// ARGV: amount, request id, budget ('' when none), ttl, member of the process's set.
// Returns 1 reserved, 0 balance short, 2 budget short, -1 tenant not loaded, -2 key not loaded.
export const RESERVE = `
if redis.call('HEXISTS', KEYS[1], 'loaded') == 0 then return -1 end
local budgeted = ARGV[3] ~= ''
if budgeted and redis.call('HEXISTS', KEYS[2], 'loaded') == 0 then return -2 end
local amount = tonumber(ARGV[1])
local t = redis.call('HMGET', KEYS[1], 'balance', 'held')
if tonumber(t[1]) - tonumber(t[2]) < amount then return 0 end
local field = 'r:' .. ARGV[2]
if budgeted then
  local k = redis.call('HMGET', KEYS[2], 'spent', 'held')
  if tonumber(ARGV[3]) - tonumber(k[1]) - tonumber(k[2]) < amount then return 2 end
  redis.call('HSET', KEYS[2], field, ARGV[1])
  redis.call('HINCRBY', KEYS[2], 'held', ARGV[1])
  redis.call('EXPIRE', KEYS[2], ARGV[4])
end
redis.call('HSET', KEYS[1], field, ARGV[1])
redis.call('HINCRBY', KEYS[1], 'held', ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('SADD', KEYS[3], ARGV[5])
redis.call('EXPIRE', KEYS[3], ARGV[4])
return 1`;

// A release that finds no mirror loaded leaves a tombstone, so a load in flight cannot bring the
// hold back. A key's mirror is loaded only for a budget, and marked `loading` from before its
// snapshot is read: only then are tombstones left in it. Keys without a budget (nearly all) would
// otherwise gain a field per call in a hash that lives as long as their traffic goes on.
const TOMBSTONE = `
local function release(key, id, ttl, isKey)
  local field = 'r:' .. id
  local amount = redis.call('HGET', key, field)
  if amount then
    redis.call('HDEL', key, field)
    redis.call('HINCRBY', key, 'held', -tonumber(amount))
  elseif redis.call('HEXISTS', key, 'loaded') == 0 and
      (not isKey or redis.call('HEXISTS', key, 'loading') == 1) then
    redis.call('HSET', key, 'x:' .. id, '1')
    redis.call('EXPIRE', key, ttl)
  end
end`;

// KEYS[1] tenant mirror, KEYS[2] key mirror; ARGV: request id, ttl. Idempotent.
export const RELEASE = `${TOMBSTONE}
release(KEYS[1], ARGV[1], ARGV[2], false)
release(KEYS[2], ARGV[1], ARGV[2], true)
return 1`;

// KEYS[1] mirror; ARGV: field ('balance' or 'spent'), version, value, ttl. Newer versions win.
export const MIRROR = `
local current = redis.call('HGET', KEYS[1], 'version')
if current and tonumber(current) >= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3], 'version', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 1`;

// KEYS[1] mirror, KEYS[2..] the owners' sets of open holds. ARGV: field, version, value, ttl,
// then (request id, amount, owner index into KEYS) per open hold in the snapshot.
export const LOAD = `
if redis.call('HEXISTS', KEYS[1], 'loaded') == 1 then return 0 end
local current = redis.call('HGET', KEYS[1], 'version')
if not current or tonumber(current) < tonumber(ARGV[2]) then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[3], 'version', ARGV[2])
end
local held = 0
for i = 5, #ARGV, 3 do
  local field = 'r:' .. ARGV[i]
  if redis.call('HEXISTS', KEYS[1], 'x:' .. ARGV[i]) == 0 then
    redis.call('HSET', KEYS[1], field, ARGV[i + 1])
    held = held + tonumber(ARGV[i + 1])
  end
end
for _, f in ipairs(redis.call('HKEYS', KEYS[1])) do
  if string.sub(f, 1, 2) == 'x:' then redis.call('HDEL', KEYS[1], f) end
end
redis.call('HDEL', KEYS[1], 'loading')
redis.call('HSET', KEYS[1], 'held', held, 'loaded', '1')
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 1`;

// RELEASE for many holds at once, each also taken off its owner's list (a committed settlement
// batch's, or abandoned reservations). KEYS: (tenant mirror, key mirror, owner's set) per hold;
// ARGV: ttl, then (request id, member) per hold. Idempotent.
export const CLOSE_MANY = `${TOMBSTONE}
for h = 0, #KEYS / 3 - 1 do
  local id = ARGV[2 + h * 2]
  release(KEYS[h * 3 + 1], id, ARGV[1], false)
  release(KEYS[h * 3 + 2], id, ARGV[1], true)
  redis.call('SREM', KEYS[h * 3 + 3], ARGV[3 + h * 2])
end
return 1`;

// A process's lease on a tenant's balance (redis-leases.ts): one field, `r:lease:<instance>`, a
// hold like any other, so a dead owner's release and a mirror's reload treat it as one. First the
// lease shrinks by what its calls consumed (charged and committed), then it grows by `need` plus
// a margin (at most `max extra`, and a sixteenth of what is left, so other replicas keep room), if
// the balance allows `need` at all. A batch's balance comes along (as MIRROR), so the balance
// never moves without the lease following it in the same script.
// KEYS[1] tenant mirror, KEYS[2] the process's open holds, KEYS[3] the lease's last applied step.
// ARGV: field, member, step, shrink, need, max extra, ttl, balance version ('' if none), balance.
// Returns {status, lease}: 1 done, 0 `need` refused (the shrink still done), 2 this step was
// applied already (a retry; nothing done), -1 tenant not loaded.
export const LEASE = `
if redis.call('HEXISTS', KEYS[1], 'loaded') == 0 then return {-1, 0} end
local lease = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
local applied = tonumber(redis.call('GET', KEYS[3]) or '0')
if applied >= tonumber(ARGV[3]) then return {2, lease} end
redis.call('SET', KEYS[3], ARGV[3], 'EX', ARGV[7])
if ARGV[8] ~= '' then
  local current = redis.call('HGET', KEYS[1], 'version')
  if not current or tonumber(current) < tonumber(ARGV[8]) then
    redis.call('HSET', KEYS[1], 'balance', ARGV[9], 'version', ARGV[8])
  end
end
local delta = -math.min(lease, tonumber(ARGV[4]))
local t = redis.call('HMGET', KEYS[1], 'balance', 'held')
local available = tonumber(t[1]) - tonumber(t[2]) - delta
local need = tonumber(ARGV[5])
local status = 1
if need > 0 then
  if need > available then
    status = 0
  else
    delta = delta + need + math.max(0, math.min(tonumber(ARGV[6]), math.floor((available - need) / 16)))
  end
end
lease = lease + delta
if delta ~= 0 then redis.call('HINCRBY', KEYS[1], 'held', delta) end
if lease > 0 then
  redis.call('HSET', KEYS[1], ARGV[1], lease)
  redis.call('SADD', KEYS[2], ARGV[2])
  redis.call('EXPIRE', KEYS[2], ARGV[7])
else
  redis.call('HDEL', KEYS[1], ARGV[1])
  redis.call('SREM', KEYS[2], ARGV[2])
end
redis.call('EXPIRE', KEYS[1], ARGV[7])
return {status, lease}`;
