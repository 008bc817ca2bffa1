package io.chatservice.cluster.redis;

/**
 * The presence scripts. Each is declared with one key, the prefix {@value #PREFIX} itself, whose hash tag routes it
 * to the shard that holds every presence key; the script builds the key names from it. Layout (P = the prefix):
 * <ul>
 * <li>{@code P nodes} ZSET node -> its last heartbeat, in milliseconds of Redis' own clock (one clock for all);
 * {@code P epochs} HASH node -> its epoch, which each rebuild raises: a write carries the epoch it was made in and is
 * ignored if that is not the node's epoch now, so that a write from a connection given up on never lands after the
 * rebuild that replaced it;
 * <li>{@code P node:<node>} HASH {@code <scope tag>\n<user>} -> the user's form on the private channel
 * ({@link io.chatservice.protocol.NameForms#userForm}: Lua cannot fold), 1 in a room: the node's entries;
 * <li>{@code P conn:<node>} HASH user -> the node's connections of the user;
 * <li>{@code P s:<scope tag>} HASH user -> on how many nodes the user is in the scope ({@code p} is the private
 * channel, {@code r:<room>} a room); {@code P m:r:<room>} ZSET of a room's users, all of score 0, so that a page
 * of them in name order costs the page ({@code ZRANGEBYLEX}) and never the whole scope;
 * <li>{@code P roomlist} ZSET (score 0) of rooms with members, paged the same way; {@code P at:<user>} HASH node -> 1, where the user has private-chat
 * connections; {@code P online} HASH user -> connections over the cluster;
 * <li>{@code P pforms} HASH form -> the user on the private channel with that form, as they spell themselves: what a
 * {@code watch} reads, one field per name;
 * <li>{@code P lex} ZSET (all scores 0) of {@link io.chatservice.core.UserLookup#key}s of the online users (folded
 * name, newline, spelling), which a lookup reads a range of; {@code P lexof} HASH user -> their member there, to take
 * it out when they go (Lua cannot fold);
 * <li>{@code P names:<holder>} SET {@code <holder>\n<name>}: the names a holder ({@code <node>~<epoch>}, see
 * {@link RedisNames}) counts connections of; {@code P holders:<node>} SET of the node's holders with an index;
 * {@code P drops} SET of {@code P drop:<holder>:<n>} sets of such entries whose counts are to be dropped, left by a
 * reap, a rebuild, or a heartbeat that found an index of an older epoch.
 * </ul>
 * Names and room names cannot hold a newline, so it separates the parts of a field.
 */
final class PresenceScripts {

    static final String PREFIX = "chat:{presence}:";

    private static final String COMMON = """
            local P = KEYS[1]
            local function now_ms()
              local t = redis.call('TIME')
              return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            end
            local function current(node, epoch)
              return redis.call('HGET', P .. 'epochs', node) == epoch
            end
            -- one node's entry in a scope (form: the entry's value); true if the user is now in it nowhere
            local function drop_entry(node, tag, user, form)
              local scope = P .. 's:' .. tag
              local n = redis.call('HINCRBY', scope, user, -1)
              if tag == 'p' then redis.call('HDEL', P .. 'at:' .. user, node) end
              if n > 0 then return false end
              redis.call('HDEL', scope, user)
              if tag == 'p' and redis.call('HGET', P .. 'pforms', form) == user then
                redis.call('HDEL', P .. 'pforms', form)
              end
              if tag ~= 'p' then redis.call('ZREM', P .. 'm:' .. tag, user) end
              if tag ~= 'p' and redis.call('EXISTS', scope) == 0 then
                redis.call('ZREM', P .. 'roomlist', string.sub(tag, 3))
              end
              return true
            end
            -- true if the user is now in the scope on this node only
            local function add_entry(node, tag, user, form)
              local value = tag == 'p' and form or 1
              if redis.call('HSETNX', P .. 'node:' .. node, tag .. '\\n' .. user, value) == 0 then return false end
              local n = redis.call('HINCRBY', P .. 's:' .. tag, user, 1)
              if tag == 'p' then
                redis.call('HSET', P .. 'at:' .. user, node, 1)
                redis.call('HSET', P .. 'pforms', form, user)
              else
                -- every time, not only at 1: a rebuild puts back what a version without the index left out
                redis.call('ZADD', P .. 'm:' .. tag, 0, user)
                redis.call('ZADD', P .. 'roomlist', 0, string.sub(tag, 3))
              end
              return n == 1
            end
            -- key: the user's member in the lookup index, when the caller knows it (nil from a node that is gone)
            local function set_connections(node, user, count, key)
              local conns = P .. 'conn:' .. node
              local old = tonumber(redis.call('HGET', conns, user) or '0')
              local new = math.max(0, count)
              if new == 0 then redis.call('HDEL', conns, user) else redis.call('HSET', conns, user, new) end
              if new == old then return end
              if redis.call('HINCRBY', P .. 'online', user, new - old) <= 0 then
                redis.call('HDEL', P .. 'online', user)
                local member = redis.call('HGET', P .. 'lexof', user)
                if member then
                  redis.call('ZREM', P .. 'lex', member)
                  redis.call('HDEL', P .. 'lexof', user)
                end
              elseif key then
                redis.call('ZADD', P .. 'lex', 0, key)
                redis.call('HSET', P .. 'lexof', user, key)
              end
            end
            -- takes all of a node's entries out; appends (tag, user) for each user now in a scope nowhere, and to
            -- vacated each room now with nobody in it
            local function remove_node(node, lefts, vacated)
              local entries = P .. 'node:' .. node
              local all = redis.call('HGETALL', entries)
              for i = 1, #all, 2 do
                local f = all[i]
                local cut = string.find(f, '\\n', 1, true)
                local tag, user = string.sub(f, 1, cut - 1), string.sub(f, cut + 1)
                if drop_entry(node, tag, user, all[i + 1]) then
                  lefts[#lefts + 1] = tag
                  lefts[#lefts + 1] = user
                  if tag ~= 'p' and redis.call('EXISTS', P .. 's:' .. tag) == 0 then
                    vacated[#vacated + 1] = string.sub(tag, 3)
                  end
                end
              end
              redis.call('DEL', entries)
              local conns = P .. 'conn:' .. node
              local counts = redis.call('HGETALL', conns)
              for i = 1, #counts, 2 do set_connections(node, counts[i], 0, nil) end
              redis.call('DEL', conns)
            end
            -- the name indexes of the node's holders but keep join the pending drops; returns the drop sets
            local function retire_names(node, keep)
              local holders, retired = P .. 'holders:' .. node, {}
              for _, holder in ipairs(redis.call('SMEMBERS', holders)) do
                if holder ~= keep then
                  local index = P .. 'names:' .. holder
                  if redis.call('EXISTS', index) == 1 then
                    local drop = P .. 'drop:' .. holder .. ':' .. redis.call('INCR', P .. 'dropseq')
                    redis.call('RENAME', index, drop)
                    redis.call('SADD', P .. 'drops', drop)
                    retired[#retired + 1] = drop
                  end
                  redis.call('SREM', holders, holder)
                end
              end
              return retired
            end
            -- a reap or a clean stop: everything of the node goes
            local function forget_node(node, lefts, vacated)
              remove_node(node, lefts, vacated)
              local retired = retire_names(node, false)
              redis.call('ZREM', P .. 'nodes', node)
              redis.call('HDEL', P .. 'epochs', node)
              return retired
            end
            """;

    /**
     * ARGV node, epoch, tag, user, the user's form (on the private channel). -1: the node is unknown to Redis or in
     * another epoch; 1: the user is in the scope on this node only; 2: that, and the scope is a room nobody else is in
     * on any node; else 0.
     */
    static final Script ENTER = Script.of("enter", COMMON + """
            if not current(ARGV[1], ARGV[2]) then return -1 end
            if not add_entry(ARGV[1], ARGV[3], ARGV[4], ARGV[5]) then return 0 end
            if ARGV[3] ~= 'p' and redis.call('HLEN', P .. 's:' .. ARGV[3]) == 1 then return 2 end
            return 1
            """);

    /**
     * ARGV node, epoch, tag, user. -1 as {@link #ENTER}; 1: the user is now in the scope nowhere; 2: that, and the
     * scope is a room nobody is in now; else 0.
     */
    static final Script LEAVE = Script.of("leave", COMMON + """
            if not current(ARGV[1], ARGV[2]) then return -1 end
            local entries, field = P .. 'node:' .. ARGV[1], ARGV[3] .. '\\n' .. ARGV[4]
            local form = redis.call('HGET', entries, field)
            if not form then return 0 end
            redis.call('HDEL', entries, field)
            if not drop_entry(ARGV[1], ARGV[3], ARGV[4], form) then return 0 end
            if ARGV[3] ~= 'p' and redis.call('EXISTS', P .. 's:' .. ARGV[3]) == 0 then return 2 end
            return 1
            """);

    /**
     * ARGV node, epoch, user, this node's connections of the user now, the user's key in the lookup index. -1 as
     * {@link #ENTER}.
     */
    static final Script CONNECTIONS = Script.of("connections", COMMON + """
            if not current(ARGV[1], ARGV[2]) then return -1 end
            set_connections(ARGV[1], ARGV[3], tonumber(ARGV[4]), ARGV[5])
            return 0
            """);

    /**
     * ARGV node, epoch, holder. 0: the node is unknown to Redis (reaped, or Redis lost its data) or in another epoch,
     * and must rebuild. Retires the name indexes of the node's older holders.
     */
    static final Script HEARTBEAT = Script.of("heartbeat", COMMON + """
            if not current(ARGV[1], ARGV[2]) then return 0 end
            redis.call('ZADD', P .. 'nodes', now_ms(), ARGV[1])
            retire_names(ARGV[1], ARGV[3])
            return 1
            """);

    /**
     * Replaces a node's entries and counts with what it holds, in a new epoch. ARGV node, epoch, n, then n triples (tag,
     * user, form), then triples (user, connections, lookup key). Returns {(tag, user) pairs for users it held before and
     * no node holds now, rooms it held users of and nobody is in now}.
     */
    static final Script REBUILD = Script.of("rebuild", COMMON + """
            local node = ARGV[1]
            local lefts, vacated = {}, {}
            remove_node(node, lefts, vacated)
            retire_names(node, false)
            redis.call('HSET', P .. 'epochs', node, ARGV[2])
            local n = tonumber(ARGV[3])
            local back = {}
            for i = 4, 3 + 3 * n, 3 do
              add_entry(node, ARGV[i], ARGV[i + 1], ARGV[i + 2])
              back[ARGV[i] .. '\\n' .. ARGV[i + 1]] = true
            end
            for i = 4 + 3 * n, #ARGV, 3 do set_connections(node, ARGV[i], tonumber(ARGV[i + 1]), ARGV[i + 2]) end
            redis.call('ZADD', P .. 'nodes', now_ms(), node)
            local out = {}
            for i = 1, #lefts, 2 do
              if not back[lefts[i] .. '\\n' .. lefts[i + 1]] then
                out[#out + 1] = lefts[i]
                out[#out + 1] = lefts[i + 1]
              end
            end
            local empty = {}
            for _, room in ipairs(vacated) do
              if redis.call('EXISTS', P .. 's:r:' .. room) == 0 then empty[#empty + 1] = room end
            end
            return {out, empty}
            """);

    /**
     * Removes nodes whose last heartbeat is older than ARGV[2] ms, at most ARGV[3] of them, never ARGV[1] (the caller).
     * Atomic, so one reaper alone gets each dead node. Returns {reaped nodes, (tag, user) pairs of users now in a
     * scope nowhere, (drop set, entry) pairs of pending name drops, rooms nobody is in now}.
     */
    static final Script REAP = Script.of("reap", COMMON + """
            local cutoff = now_ms() - tonumber(ARGV[2])
            local reaped, lefts, drops, vacated = {}, {}, {}, {}
            local silent = redis.call('ZRANGEBYSCORE', P .. 'nodes', '-inf', '(' .. cutoff, 'LIMIT', 0, tonumber(ARGV[3]))
            for _, node in ipairs(silent) do
              if node ~= ARGV[1] then
                forget_node(node, lefts, vacated)
                reaped[#reaped + 1] = node
              end
            end
            for _, drop in ipairs(redis.call('SRANDMEMBER', P .. 'drops', 8)) do
              local entries = redis.call('SRANDMEMBER', drop, 64)
              if #entries == 0 then redis.call('SREM', P .. 'drops', drop) end
              for _, entry in ipairs(entries) do
                drops[#drops + 1] = drop
                drops[#drops + 1] = entry
              end
            end
            return {reaped, lefts, drops, vacated}
            """);

    /**
     * A clean stop: ARGV node. Returns {(tag, user) pairs as {@link #REAP}, (drop set, entry) pairs of its names, rooms
     * nobody is in now}.
     */
    static final Script STOP = Script.of("stop", COMMON + """
            local lefts, drops, vacated = {}, {}, {}
            for _, drop in ipairs(forget_node(ARGV[1], lefts, vacated)) do
              for _, entry in ipairs(redis.call('SMEMBERS', drop)) do
                drops[#drops + 1] = drop
                drops[#drops + 1] = entry
              end
            end
            return {lefts, drops, vacated}
            """);

    /**
     * ARGV node, holder, entry {@code <holder>\n<name>}, {@code +} or {@code -}: a holder's index of the names it
     * counts, kept before its first count of a name and until its last.
     */
    static final Script INDEX = Script.of("index", COMMON + """
            if ARGV[4] == '+' then
              redis.call('SADD', P .. 'names:' .. ARGV[2], ARGV[3])
              redis.call('SADD', P .. 'holders:' .. ARGV[1], ARGV[2])
            else
              redis.call('SREM', P .. 'names:' .. ARGV[2], ARGV[3])
            end
            return 0
            """);

    /** ARGV drop set, then its entries whose counts are dropped now. */
    static final Script DROPPED = Script.of("dropped", COMMON + """
            redis.call('SREM', ARGV[1], unpack(ARGV, 2))
            if redis.call('EXISTS', ARGV[1]) == 0 then redis.call('SREM', P .. 'drops', ARGV[1]) end
            return 0
            """);

    /** ARGV from, to, ms after which a silent node is dead. Returns {live nodes of to, live nodes of from}. */
    static final Script ROUTE = Script.of("route", COMMON + """
            local cutoff = now_ms() - tonumber(ARGV[3])
            local function live(user)
              local out = {}
              for _, node in ipairs(redis.call('HKEYS', P .. 'at:' .. user)) do
                local beat = redis.call('ZSCORE', P .. 'nodes', node)
                if beat and tonumber(beat) >= cutoff then out[#out + 1] = node end
              end
              return out
            end
            return {live(ARGV[2]), live(ARGV[1])}
            """);

    /**
     * A page of online users: ARGV the lowest and highest member ({@code ZRANGEBYLEX} bounds), how many. Returns
     * (user, connections over the cluster) pairs, in the order of the index.
     */
    static final Script LOOKUP = Script.of("lookup", COMMON + """
            local out = {}
            for _, key in ipairs(redis.call('ZRANGEBYLEX', P .. 'lex', ARGV[1], ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))) do
              local user = string.sub(key, string.find(key, '\\n', 1, true) + 1)
              out[#out + 1] = user
              out[#out + 1] = redis.call('HGET', P .. 'online', user) or '0'
            end
            return out
            """);

    /**
     * ARGV scope tag, after (empty: from the first), how many. Returns {users in the scope, up to that many of them
     * after {@code after} in name order}.
     */
    static final Script MEMBERS = Script.of("members", COMMON + """
            local from = ARGV[2] == '' and '-' or '(' .. ARGV[2]
            return {redis.call('HLEN', P .. 's:' .. ARGV[1]),
                    redis.call('ZRANGEBYLEX', P .. 'm:' .. ARGV[1], from, '+', 'LIMIT', 0, tonumber(ARGV[3]))}
            """);

    /**
     * ARGV after (empty: from the first), how many rooms, how many members of each. Returns {room, count, {members}}
     * for up to that many rooms with members after {@code after} in name order: a page, never every room's members.
     */
    static final Script ROOMS = Script.of("rooms", COMMON + """
            local from = ARGV[1] == '' and '-' or '(' .. ARGV[1]
            local out = {}
            for _, room in ipairs(redis.call('ZRANGEBYLEX', P .. 'roomlist', from, '+', 'LIMIT', 0, tonumber(ARGV[2]))) do
              local tag = 'r:' .. room
              out[#out + 1] = {room, redis.call('HLEN', P .. 's:' .. tag),
                               redis.call('ZRANGE', P .. 'm:' .. tag, 0, tonumber(ARGV[3]) - 1)}
            end
            return out
            """);

    private PresenceScripts() {
    }

    static String tag(io.chatservice.core.Scope scope) {
        return scope.isPrivateChannel() ? "p" : "r:" + scope.room();
    }

    /** What a node entry holds: the user's form on the private channel, which a watch finds them by; 1 in a room. */
    static String form(String tag, String user) {
        return tag.equals("p") ? io.chatservice.protocol.NameForms.userForm(user) : "1";
    }

    static String scopeKey(io.chatservice.core.Scope scope) {
        return PREFIX + "s:" + tag(scope);
    }
}
