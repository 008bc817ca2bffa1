package io.chatservice.cluster.redis;

/**
 * The block-list scripts. A user's block list is a SET in the user's own slot, next to the mailbox index and the
 * name's hold, kept for the name's owner: {@code chat:{name:<user>}:blocks:<owner>} (the owner as
 * {@link MailboxScripts#HOLDER} says). It lives {@code ttl} after its last change or the owner's last private
 * connection ({@link MailboxScripts#OPEN} renews it). KEYS[1] is the user's prefix in every script.
 */
final class BlockScripts {

    /**
     * ARGV 1 mode, 2 the name, 3 the most names (0: any), 4 ttl ms, 5 the user's spelling. Returns 1 blocked, 0 nobody holds the name, -1 too
     * many.
     */
    static final Script ADD = Script.of("blocks-add", MailboxScripts.HOLDER + """
            local o = holder(ARGV[1], ARGV[5])
            if not o then return 0 end
            local blocks = P .. 'blocks:' .. o
            local most = tonumber(ARGV[3])
            if most > 0 and redis.call('SISMEMBER', blocks, ARGV[2]) == 0 and redis.call('SCARD', blocks) >= most then
              return -1
            end
            redis.call('SADD', blocks, ARGV[2])
            redis.call('PEXPIRE', blocks, ARGV[4])
            return 1
            """);

    /** ARGV 1 mode, 2 the name, 3 ttl ms, 4 the user's spelling. Returns 1. */
    static final Script REMOVE = Script.of("blocks-remove", MailboxScripts.HOLDER + """
            local o = holder(ARGV[1], ARGV[4])
            if not o then return 1 end
            local blocks = P .. 'blocks:' .. o
            if redis.call('SREM', blocks, ARGV[2]) == 1 and redis.call('EXISTS', blocks) == 1 then
              redis.call('PEXPIRE', blocks, ARGV[3])
            end
            return 1
            """);

    /** ARGV 1 mode, 2 the sender, 3 the user's spelling. Returns 1 if the name's owner blocks the sender, else 0. */
    static final Script CHECK = Script.of("blocks-check", MailboxScripts.HOLDER + """
            local o = holder(ARGV[1], ARGV[3])
            if not o then return 0 end
            return redis.call('SISMEMBER', P .. 'blocks:' .. o, ARGV[2])
            """);

    /** ARGV 1 mode, 2 the user's spelling. Returns the names the owner blocks, in no order. */
    static final Script LIST = Script.of("blocks-list", MailboxScripts.HOLDER + """
            local o = holder(ARGV[1], ARGV[2])
            if not o then return {} end
            return redis.call('SMEMBERS', P .. 'blocks:' .. o)
            """);

    private BlockScripts() {
    }
}
