package io.chatservice.cluster.redis;

import io.chatservice.core.StreamKey;

/**
 * The mailbox scripts. A mailbox lives in two places, because a Redis Cluster lets one script touch the keys of one
 * slot only:
 * <ul>
 * <li>its <b>index</b> in the user's own slot, next to the name's hold: {@code chat:{name:<form>}:mbox}, a HASH of
 * {@code id} (a random id, new whenever the mailbox is made afresh), {@code k} its owner (the hash of the key the
 * name is claimed for, or {@code subject:<user>} in {@code jwt} mode), {@code n} the messages reserved in it,
 * {@code p:<peer>} those reserved per conversation (the peer written {@code <name>#<identity>}, see
 * {@link io.chatservice.core.StreamKey#party}), {@code x:<peer>} those of a stranger's that count against the
 * strangers' share, {@code t} all strangers' together, and {@code s} the last place given out, which orders the
 * letters of different conversations (each conversation's keep their offset order). It expires {@code ttl} after the
 * last reservation;
 * <li>its <b>letters</b> in each conversation's slot, next to the conversation's history:
 * {@code chat:{dm:<a>|<b>}:mbox:<user>}, a STREAM (Redis' own ids, in the order kept) of entries {@code b} (the
 * mailbox id), {@code q} the place, {@code o} the offset, {@code e} the epoch and {@code f} the frame, written by the history's append
 * script in the same step as the message's history, and expiring with the index.
 * </ul>
 * A message is first <b>reserved</b> in the index ({@link #RESERVE}: the owner check and the cap, atomically in the
 * user's slot), then appended with its letter. A letter is only ever read through an index that counts it, and only
 * with the index's id: what was kept for an earlier holder of the name, under another id, is never handed out. A
 * reservation whose append is known not to have kept anything (a cid resend) is given back; one whose append failed
 * without an answer stays counted (the letter may exist), which at worst holds one place of the cap until the
 * mailbox expires.
 * <p>
 * Next to the index, for the name's owner: {@code chat:{name:<form>}:wrote:<owner>}, the SET of peers the owner
 * wrote to ({@link #WROTE}), which {@link #RESERVE} reads to tell friends from strangers, and the owner's block list
 * ({@link BlockScripts}). Keyed by the owner, so that a newcomer under a freed name finds none of it.
 * <p>
 * In {@code jwt} mode a sighting is {@code chat:{name:<form>}:seen} (holding the spelling seen), set for
 * {@code chat.offline.retention} when a
 * connection is admitted and when it closes.
 */
final class MailboxScripts {


    /**
     * Who holds the user's name now, claimed or connected (KEYS[1] the user's prefix; {@code holder(mode, spelling)}):
     * the key's hash, or {@code subject:<spelling>} in {@code jwt} mode; false if nobody, or if another spelling of the
     * name's form holds it. Whatever belongs to the user (the mailbox, the names
     * written to, the blocks) belongs to this owner.
     */
    static final String HOLDER = """
            local P = KEYS[1]
            -- the slot is the name's form's: only the spelling that holds the form (was seen last) has an owner
            local function spelled(name)
              local n = redis.call('HGET', P .. 'hold', 'n')
              return not n or n == name
            end
            local function holder(mode, name)
              if mode == 'jwt' then return 'subject:' .. name end
              if not spelled(name) then return false end
              local k = redis.call('HGET', P .. 'hold', 'k')
              if not k or k == '' then return false end
              return k
            end
            """;

    private static final String COMMON = HOLDER + """
            local box = P .. 'mbox'
            -- who a mailbox may be kept for now: the key the name is claimed for, or a subject seen lately
            local function owner(mode, name)
              if mode == 'jwt' then
                local seen = redis.call('GET', P .. 'seen')
                if seen == name or seen == '1' then return 'subject:' .. name end
                return false
              end
              if redis.call('HGET', P .. 'hold', 'cl') ~= '1' or not spelled(name) then return false end
              return redis.call('HGET', P .. 'hold', 'k')
            end
            -- n messages of the mailbox id, from the peer's conversation, are gone; of them, strangers counted as a
            -- stranger's (nil: as many as the peer has, the oldest of a peer's letters being taken first)
            local function settle(id, peer, n, strangers)
              if redis.call('HGET', box, 'id') ~= id then return end
              local held = tonumber(redis.call('HGET', box, 'x:' .. peer) or '0')
              local out = math.min(held, strangers or n)
              if out > 0 then
                if held - out <= 0 then redis.call('HDEL', box, 'x:' .. peer)
                else redis.call('HINCRBY', box, 'x:' .. peer, -out) end
                redis.call('HINCRBY', box, 't', -out)
              end
              local left = redis.call('HINCRBY', box, 'p:' .. peer, -n)
              if left <= 0 then redis.call('HDEL', box, 'p:' .. peer) end
              if redis.call('HINCRBY', box, 'n', -n) <= 0 then redis.call('DEL', box) end
            end
            """;

    /**
     * A place in the user's mailbox for a message from a peer. KEYS[1] the user's prefix; ARGV 1 mode ({@code names}
     * or {@code jwt}), 2 the most messages, 3 ttl ms, 4 the peer ({@code <name>#<identity>}, or the name in
     * {@code jwt} mode), 5 a fresh id for a mailbox made now, 6 the most from one stranger (0: any), 7 the most from
     * all strangers (0: any), 8 the identity the message's conversation is with (the first 16 hex digits of the
     * owner's key hash; empty in {@code jwt} mode), 9 the user's spelling. A peer is a stranger unless the owner
     * wrote to their name ({@link #WROTE}). Returns {1, mailbox id, place, 1 if counted as a stranger's else 0}
     * reserved, {0} nobody to keep it for (offline, or the name is someone else's by now), {-1} full, {-2} no more
     * from this stranger now.
     */
    static final Script RESERVE = Script.of("mailbox-reserve", COMMON + """
            local kept_for = owner(ARGV[1], ARGV[9])
            if not kept_for then return {0} end
            if ARGV[8] ~= '' and string.sub(kept_for, 1, 16) ~= ARGV[8] then return {0} end
            if redis.call('HGET', box, 'k') ~= kept_for then
              redis.call('DEL', box)
              redis.call('HSET', box, 'id', ARGV[5], 'k', kept_for, 'n', 0)
            end
            if tonumber(redis.call('HGET', box, 'n')) >= tonumber(ARGV[2]) then return {-1} end
            local peer = ARGV[4]
            local stranger = redis.call('SISMEMBER', P .. 'wrote:' .. kept_for, string.match(peer, '^[^#]*')) == 0
            if stranger then
              local mine = tonumber(redis.call('HGET', box, 'x:' .. peer) or '0')
              local all = tonumber(redis.call('HGET', box, 't') or '0')
              local most, share = tonumber(ARGV[6]), tonumber(ARGV[7])
              if (most > 0 and mine >= most) or (share > 0 and all >= share) then return {-2} end
              redis.call('HINCRBY', box, 'x:' .. peer, 1)
              redis.call('HINCRBY', box, 't', 1)
            end
            redis.call('HINCRBY', box, 'n', 1)
            redis.call('HINCRBY', box, 'p:' .. peer, 1)
            redis.call('PEXPIRE', box, ARGV[3])
            return {1, redis.call('HGET', box, 'id'), redis.call('HINCRBY', box, 's', 1), stranger and 1 or 0}
            """);

    /**
     * The user wrote to a peer: from now on the peer is no stranger to the user's mailbox. KEYS[1] the user's prefix;
     * ARGV 1 mode, 2 the peer, 3 ttl ms (the conversation history's), 4 the user's spelling. Kept for the name's holder,
     * {@code chat:{name:<user>}:wrote:<owner>}, a SET. Returns 1, or 0 if nobody holds the name.
     */
    static final Script WROTE = Script.of("mailbox-wrote", HOLDER + """
            local o = holder(ARGV[1], ARGV[4])
            if not o then return 0 end
            local wrote = P .. 'wrote:' .. o
            redis.call('SADD', wrote, ARGV[2])
            redis.call('PEXPIRE', wrote, ARGV[3])
            return 1
            """);

    /**
     * Messages of a peer's conversation left the mailbox (handed over, or a reservation given back). KEYS[1] the
     * user's prefix; ARGV 1 the mailbox id (nothing happens if the mailbox has another by now), 2 the peer, 3 how
     * many, 4 how many of them were a stranger's, or empty: as many as the peer has counted.
     */
    static final Script SETTLE = Script.of("mailbox-settle", COMMON + """
            settle(ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]))
            return 0
            """);

    /**
     * What the mailbox holds, for a connection just let in under the name. KEYS[1] the user's prefix; ARGV 1 mode,
     * 2 the block list's ttl ms, which every private connection renews, 3 the user's spelling. Returns {mailbox id,
     * peer, peer, ...} of the conversations with letters, or {''} if there is none; a mailbox kept for another owner
     * than the name's holder is dropped.
     */
    static final Script OPEN = Script.of("mailbox-open", COMMON + """
            local o = holder(ARGV[1], ARGV[3])
            if o then redis.call('PEXPIRE', P .. 'blocks:' .. o, ARGV[2]) end
            local id = redis.call('HGET', box, 'id')
            if not id then return {''} end
            if redis.call('HGET', box, 'k') ~= o then
              redis.call('DEL', box)
              return {''}
            end
            local out = {id}
            local fields = redis.call('HGETALL', box)
            for i = 1, #fields, 2 do
              if string.sub(fields[i], 1, 2) == 'p:' and tonumber(fields[i + 1]) > 0 then
                out[#out + 1] = string.sub(fields[i], 3)
              end
            end
            return out
            """);

    /**
     * Letters of one conversation were handed over: those up to an entry id leave it. KEYS[1] the conversation's
     * prefix; ARGV 1 the user, 2 the mailbox id, 3 the newest entry id handed over. Returns how many of those were
     * the mailbox id's (the others, of an earlier mailbox, go too), 0 if another hand-over took them first.
     */
    static final Script TAKE = Script.of("mailbox-take", """
            local letters = KEYS[1] .. 'mbox:' .. ARGV[1]
            local entries = redis.call('XRANGE', letters, '-', ARGV[3])
            local mine, ids = 0, {}
            for _, entry in ipairs(entries) do
              if entry[2][2] == ARGV[2] then mine = mine + 1 end
              ids[#ids + 1] = entry[1]
            end
            for i = 1, #ids, 500 do
              redis.call('XDEL', letters, unpack(ids, i, math.min(i + 499, #ids)))
            end
            if redis.call('XLEN', letters) == 0 then redis.call('DEL', letters) end
            return mine
            """);

    private MailboxScripts() {
    }

    /**
     * The prefix of a user's keys, next to the hold of the name's form ({@link NameScripts#userSlot}): every spelling
     * of a form shares it, and only the spelling that holds the form has a mailbox there.
     */
    static String userPrefix(String user) {
        return NameScripts.userSlot(user);
    }

    /** A sighting in {@code jwt} mode: it stands for {@code chat.offline.retention}. */
    static String seen(String user) {
        return userPrefix(user) + "seen";
    }

    /** The letters kept for {@code user} in one conversation (its prefix's slot, as the history's keys). */
    static String letters(StreamKey conversation, String user) {
        return "chat:{" + conversation.id() + "}:mbox:" + user;
    }
}
