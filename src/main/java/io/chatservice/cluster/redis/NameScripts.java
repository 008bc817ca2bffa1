package io.chatservice.cluster.redis;

import io.chatservice.protocol.NameForms;

/**
 * The name-hold scripts: the rules of {@link io.chatservice.identity.NameHolds}, one script per operation on one
 * key, {@code chat:{name:<form>}:hold} (the name's form, {@link NameForms#userForm}: every spelling of a form shares
 * one hold), so that each name lives in its own slot and the holds spread over a Redis Cluster. The hold is a HASH:
 * <ul>
 * <li>{@code n}: the spelling that holds the form; any other spelling is taken while it holds (absent in a hold
 * written before spellings were kept: then the spelling is the form);
 * <li>{@code k}: the SHA-256 (hex) of the key the name is held by, never the key; absent for a name proven by
 * tokens;
 * <li>{@code cl}: 1 while claimed; {@code lu}: its last use (a connection closed), in milliseconds of Redis' clock;
 * <li>{@code c:<holder>}: connections a holder counts, where a holder is {@code <node>~<epoch>} (a node starts a new
 * epoch at each rebuild, so that dropping an old one's counts never touches the new one's).
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
            -- whether the spelling may act on the hold: the one that holds it (or any, on a hold of no spelling)
            local function spelled(name)
              local n = redis.call('HGET', H, 'n')
              return not n or n == name
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
     * connections (0: any), claim-ttl ms, the spelling. 1: taken afresh; 2: one more connection; -1: in use by another
     * key or spelling; -2: claimed by another key; -3: too many connections.
     */
    static final Script ADMIT_WITH_KEY = Script.of("admit-with-key", COMMON + """
            local now, ttl, most = now_ms(), tonumber(ARGV[5]), tonumber(ARGV[4])
            if free(now, ttl) then
              redis.call('DEL', H)
              redis.call('HSET', H, 'k', ARGV[1], 'n', ARGV[6], 'c:' .. ARGV[3], 1)
              return 1
            end
            if not spelled(ARGV[6]) then return -1 end
            local held = redis.call('HGET', H, 'k')
            if not held or ARGV[2] == '' or held ~= ARGV[2] then
              return redis.call('HGET', H, 'cl') == '1' and -2 or -1
            end
            if most > 0 and total() >= most then return -3 end
            redis.call('HINCRBY', H, 'c:' .. ARGV[3], 1)
            redis.call('PERSIST', H)
            return 2
            """);

    /**
     * ARGV holder, the most connections (0: any), the spelling. 2: one more connection; -1: another spelling of the
     * form is connected; -3: too many connections.
     */
    static final Script ADMIT_PROVEN = Script.of("admit-proven", COMMON + """
            if total() == 0 then
              redis.call('HSET', H, 'n', ARGV[3])
            elseif not spelled(ARGV[3]) then
              return -1
            end
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
     * node's holder prefix {@code c:<node>~}, claim-ttl ms, the epoch, the spelling. Removes the node's counts of older epochs (never
     * newer ones: an assert from a connection given up on may land late), takes the name afresh if it is free. 1: the
     * name is held by another key (the count stands all the same); else 0.
     */
    static final Script ASSERT = Script.of("assert", COMMON + """
            local holder, n, hash, prefix = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
            local now, ttl, epoch = now_ms(), tonumber(ARGV[5]), tonumber(ARGV[6])
            for _, f in ipairs(redis.call('HKEYS', H)) do
              if string.sub(f, 1, #prefix) == prefix and (tonumber(string.sub(f, #prefix + 1)) or epoch) < epoch then
                redis.call('HDEL', H, f)
              end
            end
            if n == 0 then
              set_count(holder, 0, now, ttl)
              if redis.call('EXISTS', H) == 1 then settle(ttl) end
              return 0
            end
            local conflict = 0
            if free(now, ttl) then
              redis.call('DEL', H)
              redis.call('HSET', H, 'n', ARGV[7])
              if hash ~= '' then redis.call('HSET', H, 'k', hash) end
            elseif (redis.call('HGET', H, 'k') or '') ~= hash or not spelled(ARGV[7]) then
              conflict = 1
            end
            set_count(holder, n, now, ttl)
            return conflict
            """);

    /** ARGV the spelling. 1: the name is kept for its key from now on; 0: nothing held, or proven by tokens. */
    static final Script CLAIM = Script.of("claim", COMMON + """
            if redis.call('EXISTS', H) == 0 or not spelled(ARGV[1]) then return 0 end
            local keyed = redis.call('HEXISTS', H, 'k')
            redis.call('HSET', H, 'cl', keyed)
            return keyed
            """);

    /** ARGV the spelling. */
    static final Script RELEASE = Script.of("release", COMMON + """
            if redis.call('EXISTS', H) == 0 or not spelled(ARGV[1]) then return 0 end
            redis.call('HSET', H, 'cl', 0)
            if total() == 0 then redis.call('DEL', H) end
            return 0
            """);

    /** ARGV the spelling, claim-ttl ms. 1: this spelling holds the form and is claimed now; else 0. */
    static final Script CLAIMED = Script.of("claimed", COMMON + """
            if redis.call('EXISTS', H) == 0 or not spelled(ARGV[1]) then return 0 end
            if redis.call('HGET', H, 'cl') ~= '1' or redis.call('HEXISTS', H, 'k') == 0 then return 0 end
            return free(now_ms(), tonumber(ARGV[2])) and 0 or 1
            """);

    /**
     * An operator ends the claim of the form, whichever spelling holds it. ARGV claim-ttl ms. Returns the spelling
     * whose claim ended (the empty string for a hold written before spellings were kept), or false if the form was
     * not claimed.
     */
    static final Script END_CLAIM = Script.of("end-claim", COMMON + """
            if redis.call('EXISTS', H) == 0 then return false end
            local claimed = redis.call('HGET', H, 'cl') == '1' and not free(now_ms(), tonumber(ARGV[1]))
            local spelling = redis.call('HGET', H, 'n') or ''
            redis.call('HSET', H, 'cl', 0)
            if total() == 0 then redis.call('DEL', H) end
            if claimed then return spelling end
            return false
            """);

    private NameScripts() {
    }

    /** The hold of every spelling of the name's form. */
    static String holdKey(String name) {
        return userSlot(name) + "hold";
    }

    /** The prefix of the keys kept in the slot of the name's form (its hold, its mailbox, its sighting). */
    static String userSlot(String name) {
        return "chat:{name:" + NameForms.userForm(name) + "}:";
    }
}
