package io.chatservice.cluster.redis;

/**
 * The scripts of bans and mutes, all in one slot: {@code chat:{moderation}:bans} (a hash of each banned form's
 * record) with {@code chat:{moderation}:bans:until} (a sorted set of the forms by when their bans end), and the same
 * for {@code mutes}, each mute under its room and form. Every script first drops what has ended, so that nothing
 * past its end is ever read; both keys of a kind expire with the last of its entries. A change is published on
 * {@link Channels#MODERATION} by the script that makes it, so that every node hears of each change it keeps, and of
 * nothing it does not. KEYS[1] is {@link #PREFIX}.
 */
final class ModerationScripts {

    static final String PREFIX = "chat:{moderation}:";

    private static final String PRUNE = """
            local P = KEYS[1]
            local function prune(kind, now)
              local h, z = P .. kind, P .. kind .. ':until'
              local gone = redis.call('ZRANGEBYSCORE', z, '-inf', now)
              for _, id in ipairs(gone) do redis.call('HDEL', h, id) end
              if #gone > 0 then redis.call('ZREMRANGEBYSCORE', z, '-inf', now) end
              return h, z
            end
            """;

    /**
     * ARGV 1 kind ({@code bans} or {@code mutes}), 2 id, 3 record, 4 until (ms), 5 now (ms), 6 channel, 7 message.
     * Returns the record it replaced, or nil.
     */
    static final Script PUT = Script.of("moderation-put", PRUNE + """
            local h, z = prune(ARGV[1], ARGV[5])
            local before = redis.call('HGET', h, ARGV[2])
            redis.call('HSET', h, ARGV[2], ARGV[3])
            redis.call('ZADD', z, ARGV[4], ARGV[2])
            local last = redis.call('ZRANGE', z, -1, -1, 'WITHSCORES')
            redis.call('PEXPIREAT', h, last[2])
            redis.call('PEXPIREAT', z, last[2])
            redis.call('PUBLISH', ARGV[6], ARGV[7])
            return before
            """);

    /** ARGV 1 kind, 2 id, 3 now (ms), 4 channel, 5 message. Returns the record it removed, or nil if none was in force. */
    static final Script REMOVE = Script.of("moderation-remove", PRUNE + """
            local h, z = prune(ARGV[1], ARGV[3])
            local before = redis.call('HGET', h, ARGV[2])
            if before then
              redis.call('HDEL', h, ARGV[2])
              redis.call('ZREM', z, ARGV[2])
              redis.call('PUBLISH', ARGV[4], ARGV[5])
            end
            return before
            """);

    /** ARGV 1 now (ms). Returns the records of every ban and every mute in force, as two arrays. */
    static final Script LOAD = Script.of("moderation-load", PRUNE + """
            local bans = prune('bans', ARGV[1])
            local mutes = prune('mutes', ARGV[1])
            return { redis.call('HVALS', bans), redis.call('HVALS', mutes) }
            """);

    private ModerationScripts() {
    }
}
