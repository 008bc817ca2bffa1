package io.chatservice.cluster.redis;

/**
 * The name-hold scripts: the rules of {@link io.chatservice.identity.NameHolds}, one script per operation on one
 * key, {@code chat:{name:<name>}:hold}, so that each name lives in its own slot and the holds spread over a Redis
 * Cluster. The hold is a HASH:
 * <ul>
 * <li>{@code k}: the SHA-256 (hex) of the key the name is held by, never the key; absent for a name proven by
 * tokens;
 * <li>{@code cl}: 1 while claimed; {@code lu}: its last use (a connection closed), in milliseconds of Redis' clock;
 * <li>{@code c:<holder>}: connections a holder counts, where a holder is {@code <node>~<generation>} (a node starts a
 * new generation at each rebuild, so that dropping an old one's counts never touches the new one's).
 * </ul>
 * A hold no connection counts ends, or, if claimed, expires {@code claim-ttl} after its last use (PEXPIREAT).
 * <p>
 * Key hashes are compared as Lua strings, which is not constant-time; what the time could reveal is how much of a
 * SHA-256 of a 256-bit random key matched, which says nothing about the key.
 */
final class NameScripts {

    private static final String COMMON = """
            local H = KEYS[1]
            local function now_ms()
              local t = redis.call('TIME')
              return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            end
            local function total()
              local sum, all = 0, redis.call('HGETALL', H)
              for i = 1, #all, 2 do
                if string.sub(all[i], 1, 2) == 'c:' then sum = sum + tonumber(all[i + 1]) end
              end
              return sum
            end
            local function free(now, ttl)
              if redis.call('EXISTS', H) == 0 then return true end
              if total() > 0 then return false end
              if redis.call('HGET', H, 'cl') ~= '1' then return true end
              return now - tonumber(redis.call('HGET', H, 'lu') or '0') > ttl
            end
            -- after a count went down: a hold nobody counts ends, or waits claim-ttl if claimed
            local function settle(ttl)
              if redis.call('EXISTS', H) == 0 or total() > 0 then return end
              if redis.call('HGET', H, 'cl') == '1' and redis.call('HEXISTS', H, 'k') == 1 then
                redis.call('PEXPIREAT', H, tonumber(redis.call('HGET', H, 'lu') or now_ms()) + ttl)
              else
                redis.call('DEL', H)
              end
            end
            -- a holder's count goes to n; a count of 0 is removed
            local function set_count(holder, n, now, ttl)
              if n > 0 then
                redis.call('HSET', H, 'c:' .. holder, n)
                redis.call('PERSIST', H)
              elseif redis.call('HDEL', H, 'c:' .. holder) == 1 and redis.call('EXISTS', H) == 1 then
                redis.call('HSET', H, 'lu', now)
                settle(ttl)
              end
            end
            """;

    /**
     * ARGV hash of the key to hold a free name by, hash of the key presented (empty if none), holder, the most
     * connections (0: any), claim-ttl ms. 1: taken afresh; 2: one more connection; -1: in use by another key; -2:
     * claimed by another key; -3: too many connections.
     */
    static final Script ADMIT_WITH_KEY = Script.of("admit-with-key", COMMON + """
            local now, ttl, most = now_ms(), tonumber(ARGV[5]), tonumber(ARGV[4])
            if free(now, ttl) then
              redis.call('DEL', H)
              redis.call('HSET', H, 'k', ARGV[1], 'c:' .. ARGV[3], 1)
              return 1
            end
            local held = redis.call('HGET', H, 'k')
            if not held or ARGV[2] == '' or held ~= ARGV[2] then
              return redis.call('HGET', H, 'cl') == '1' and -2 or -1
            end
            if most > 0 and total() >= most then return -3 end
            redis.call('HINCRBY', H, 'c:' .. ARGV[3], 1)
            redis.call('PERSIST', H)
            return 2
            """);

    /** ARGV holder, the most connections (0: any). 2: one more connection; -3: too many connections. */
    static final Script ADMIT_PROVEN = Script.of("admit-proven", COMMON + """
            if tonumber(ARGV[2]) > 0 and total() >= tonumber(ARGV[2]) then return -3 end
            redis.call('HINCRBY', H, 'c:' .. ARGV[1], 1)
            redis.call('PERSIST', H)
            return 2
            """);

    /** ARGV holder, claim-ttl ms: one of the holder's connections closed. */
    static final Script DISCONNECTED = Script.of("disconnected", COMMON + """
            local n = tonumber(redis.call('HGET', H, 'c:' .. ARGV[1]) or '0')
            set_count(ARGV[1], n - 1, now_ms(), tonumber(ARGV[2]))
            return 0
            """);

    /** ARGV holder, claim-ttl ms: the holder is gone (its node died, or started a new generation). */
    static final Script DROP = Script.of("drop", COMMON + """
            set_count(ARGV[1], 0, now_ms(), tonumber(ARGV[2]))
            return 0
            """);

    /**
     * A node says how many connections it holds: ARGV holder, count, key hash (empty if proven by tokens), the
     * node's holder prefix {@code c:<node>~}, claim-ttl ms. Removes the node's other generations' counts, takes the
     * name afresh if it is free. 1: the name is held by another key (the count stands all the same); else 0.
     */
    static final Script ASSERT = Script.of("assert", COMMON + """
            local holder, n, hash, prefix = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
            local now, ttl = now_ms(), tonumber(ARGV[5])
            for _, f in ipairs(redis.call('HKEYS', H)) do
              if string.sub(f, 1, #prefix) == prefix and f ~= 'c:' .. holder then redis.call('HDEL', H, f) end
            end
            if n == 0 then
              set_count(holder, 0, now, ttl)
              if redis.call('EXISTS', H) == 1 then settle(ttl) end
              return 0
            end
            local conflict = 0
            if free(now, ttl) then
              redis.call('DEL', H)
              if hash ~= '' then redis.call('HSET', H, 'k', hash) end
            elseif (redis.call('HGET', H, 'k') or '') ~= hash then
              conflict = 1
            end
            set_count(holder, n, now, ttl)
            return conflict
            """);

    /** 1: the name is kept for its key from now on; 0: nothing held, or proven by tokens. */
    static final Script CLAIM = Script.of("claim", COMMON + """
            if redis.call('EXISTS', H) == 0 then return 0 end
            local keyed = redis.call('HEXISTS', H, 'k')
            redis.call('HSET', H, 'cl', keyed)
            return keyed
            """);

    static final Script RELEASE = Script.of("release", COMMON + """
            if redis.call('EXISTS', H) == 0 then return 0 end
            redis.call('HSET', H, 'cl', 0)
            if total() == 0 then redis.call('DEL', H) end
            return 0
            """);

    private NameScripts() {
    }

    static String holdKey(String name) {
        return "chat:{name:" + name + "}:hold";
    }
}
