package io.chatservice.cluster.redis;

import java.util.concurrent.ThreadLocalRandom;

import io.chatservice.cluster.Payload;
import io.chatservice.core.StreamKey;

/**
 * The history scripts. Each is declared with one key, the stream's prefix {@code chat:{<stream id>}:} (see
 * {@link #prefix}), whose hash tag puts all of one stream's keys in one slot of a Redis Cluster; the script builds
 * the key names from it. Layout (P = the prefix):
 * <ul>
 * <li>{@code P h} STREAM: the newest {@code chat.history.size} messages, each under the id {@code <offset>-0} with
 * fields {@code i} (the frame's id), {@code f} (the frame as delivered) and {@code a} (its author's identity, for
 * edits and deletes). Explicit ids let Redis itself refuse an offset out of order. An edit or a delete is an entry
 * too ({@code edited}, {@code deleted});
 * <li>{@code P x} HASH {@code <offset>} the latest frame of a message edited or deleted since (a stream's entries
 * cannot be rewritten): reads take it instead of the entry's; fields of offsets no longer kept are dropped at the
 * next change;
 * <li>{@code P m} HASH {@code e} the stream's epoch, {@code o} its newest offset. Without it the stream has no
 * history: the next message starts a new epoch (the stream was never written, expired, or Redis was flushed);
 * <li>{@code P cid:<sender>:<cid>} STRING {@code <offset> <epoch> <id>} of the first message the sender sent with
 * that cid, for {@code chat.history.cid-window}. Names hold no {@code :}, so the key is unambiguous.
 * </ul>
 * Both the stream and its meta expire {@code chat.history.ttl} after the last message, or
 * {@code chat.history.empty-room-grace} after a room was found empty ({@link RedisEmptyRooms}).
 * <p>
 * The channels a message is published to ({@code chat:room:<room>}, {@code chat:node:<id>}) carry no hash tag: a
 * plain PUBLISH from a script on any shard of a Redis Cluster reaches the subscribers on every node (checked on
 * 7.0.15); only SPUBLISH would be bound to the slot.
 */
final class HistoryScripts {

    /** The first message sent with a cid key: {offset, epoch, id, 1, its frame, or '' if no longer kept}, or nil. */
    private static final String FIRST_OF = """
            local function first_of(P, cid)
              local first = redis.call('GET', cid)
              if not first then return nil end
              local offset, epoch, id = string.match(first, '^(%d+) (%w+) (.*)$')
              local kept = redis.call('XRANGE', P .. 'h', offset, offset)
              return {tonumber(offset), epoch, id, 1, kept[1] and kept[1][2][4] or ''}
            end
            """;

    /**
     * The first message a sender sent with a cid, for a resend that its addressee's mailbox refuses now. ARGV 1 the
     * sender, 2 the cid. Returns what {@link #APPEND} returns for a duplicate, or an empty array.
     */
    static final Script FIRST = Script.of("history-first", FIRST_OF + """
            return first_of(KEYS[1], KEYS[1] .. 'cid:' .. ARGV[1] .. ':' .. ARGV[2]) or {}
            """);

    /**
     * Keeps and publishes one message, or finds it was sent before. ARGV: 1 a fresh epoch (used if the stream has
     * none), 2 size (0: keep nothing, offsets still advance), 3 ttl ms, 4 cid window ms, 5 sender, 6 cid (empty:
     * none), 7 the frame's id, 8 the frame's head (up to {@code "offset":}), 9 its tail (after the epoch), 10 the
     * payload's prefix ({@link Payload#keptPrefix}), 11 the user whose mailbox gets the message too (empty: none), 12
     * that mailbox's id, 13 the message's place in it, 14 its ttl ms, 15 the author's identity (empty: nobody may change
     * it), 16... the channels. Returns {offset, epoch, id, 1 if a duplicate, the first's
     * frame if a duplicate and still kept}. A duplicate stores and publishes nothing. A mailbox's letter is kept in
     * the conversation's slot ({@link MailboxScripts}), so that it is written if and only if the history is.
     */
    static final Script APPEND = Script.of("history-append", FIRST_OF + """
            local P = KEYS[1]
            local stream, meta = P .. 'h', P .. 'm'
            local cid = nil
            if ARGV[6] ~= '' then
              cid = P .. 'cid:' .. ARGV[5] .. ':' .. ARGV[6]
              local first = first_of(P, cid)
              if first then return first end
            end
            local epoch = redis.call('HGET', meta, 'e')
            if not epoch then
              epoch = ARGV[1]
              redis.call('DEL', stream)
              redis.call('HSET', meta, 'e', epoch, 'o', 0)
            end
            local offset = redis.call('HINCRBY', meta, 'o', 1)
            local frame = ARGV[8] .. offset .. ',"epoch":"' .. epoch .. '"' .. ARGV[9]
            local size, ttl = tonumber(ARGV[2]), tonumber(ARGV[3])
            if size > 0 then
              redis.call('XADD', stream, 'MAXLEN', size, offset .. '-0', 'i', ARGV[7], 'f', frame, 'a', ARGV[15])
              redis.call('PEXPIRE', stream, ttl)
              redis.call('PEXPIRE', P .. 'x', ttl)
            end
            redis.call('PEXPIRE', meta, ttl)
            if cid then
              redis.call('SET', cid, offset .. ' ' .. epoch .. ' ' .. ARGV[7], 'PX', ARGV[4])
            end
            if ARGV[11] ~= '' then
              local letters = P .. 'mbox:' .. ARGV[11]
              redis.call('XADD', letters, '*', 'b', ARGV[12], 'q', ARGV[13], 'o', offset, 'e', epoch, 'f', frame)
              redis.call('PEXPIRE', letters, ARGV[14])
            end
            local payload = ARGV[10] .. offset .. ' ' .. epoch .. ' ' .. frame
            for i = 16, #ARGV do
              redis.call('PUBLISH', ARGV[i], payload)
            end
            return {offset, epoch, ARGV[7], 0, ''}
            """);

    /**
     * Reads a stream in one atomic step, so that its epoch and its messages always belong together. ARGV 1 the mode:
     * <ul>
     * <li>{@code latest} 2 limit: the newest messages;
     * <li>{@code before} 2 offset, 3 limit: the newest below the offset;
     * <li>{@code after} 2 offset seen, 3 epoch seen, 4 most: all after it, if every one is still kept in that epoch
     * and there are at most {@code most}; else none, not recovered;
     * <li>{@code between} 2 offset, 3 offset or {@code +}: those strictly between, for a repair.
     * </ul>
     * Returns {epoch ('' if the stream has no history), newest offset, 1 if recovered (always for other modes),
     * offset, id, frame, offset, id, frame...} oldest first. The end of a range is written {@code (N-0}: a bare
     * {@code (N} as an end still includes {@code N-0}.
     */
    static final Script READ = Script.of("history-read", """
            local P = KEYS[1]
            local stream = P .. 'h'
            local meta = redis.call('HMGET', P .. 'm', 'e', 'o')
            if not meta[1] then return {'', 0, 0} end
            local epoch, latest, mode = meta[1], tonumber(meta[2]), ARGV[1]
            local entries, newest_first = {}, false
            if mode == 'latest' then
              if tonumber(ARGV[2]) > 0 then
                entries, newest_first = redis.call('XREVRANGE', stream, '+', '-', 'COUNT', ARGV[2]), true
              end
            elseif mode == 'before' then
              if tonumber(ARGV[3]) > 0 and tonumber(ARGV[2]) > 1 then
                entries = redis.call('XREVRANGE', stream, '(' .. ARGV[2] .. '-0', '-', 'COUNT', ARGV[3])
                newest_first = true
              end
            elseif mode == 'after' then
              local seen = tonumber(ARGV[2])
              local missed = latest - seen
              if ARGV[3] ~= epoch or missed < 0 or missed > tonumber(ARGV[4]) then
                return {epoch, latest, 0}
              end
              if missed > 0 then
                entries = redis.call('XRANGE', stream, '(' .. seen, '+', 'COUNT', missed)
                if #entries ~= missed then return {epoch, latest, 0} end
              end
            else
              local to = ARGV[3] == '+' and '+' or '(' .. ARGV[3] .. '-0'
              entries = redis.call('XRANGE', stream, '(' .. ARGV[2], to)
            end
            local out = {epoch, latest, 1}
            local revised = P .. 'x'
            local any_revised = redis.call('EXISTS', revised) == 1
            local first, last, step = 1, #entries, 1
            if newest_first then first, last, step = #entries, 1, -1 end
            for n = first, last, step do
              local entry = entries[n]
              local offset = string.match(entry[1], '^(%d+)')
              out[#out + 1] = tonumber(offset)
              out[#out + 1] = entry[2][2]
              out[#out + 1] = any_revised and redis.call('HGET', revised, offset) or entry[2][4]
            end
            return out
            """);

    /**
     * Edits or deletes a kept message, as {@code history.MemoryHistory} does under its lock, in one atomic step: two
     * nodes changing one message take turns, each seeing the other's result. ARGV: 1 the message's offset, 2 its id,
     * 3 the identity that must have sent it (empty: any, the backend), 4 the new text as a JSON string literal (empty:
     * a delete), 5 now ms, 6 the window ms (0: none), 7 size, 8 ttl ms, 9 the change's id, 10 its frame's head (up to
     * the offset it takes), 11 its tail, 12 the payload's prefix, 13 the change's author, 14... the channels. The
     * message's frame is rewritten as {@code history.Revision} does. Returns {outcome} ({@code unknown},
     * {@code deleted}, {@code already}, {@code author}, {@code window}), or {@code changed}, the change's offset and
     * epoch.
     */
    static final Script CHANGE = Script.of("history-change", """
            local P = KEYS[1]
            local stream, meta, revised = P .. 'h', P .. 'm', P .. 'x'
            local epoch = redis.call('HGET', meta, 'e')
            if not epoch then return {'unknown'} end
            local at = ARGV[1]
            local entry = redis.call('XRANGE', stream, at .. '-0', at .. '-0')[1]
            if not entry or entry[2][2] ~= ARGV[2] then return {'unknown'} end
            local frame = redis.call('HGET', revised, at) or entry[2][4]
            if string.sub(frame, 1, 18) ~= '{"type":"message",' then return {'unknown'} end
            if ARGV[3] ~= '' and entry[2][6] ~= ARGV[3] then return {'author'} end
            if string.sub(frame, -15) == '"deleted":true}' then
              return {ARGV[4] == '' and 'already' or 'deleted'}
            end
            local window = tonumber(ARGV[6])
            if window > 0 and tonumber(ARGV[5]) - tonumber(string.match(frame, '"ts":(%d+)')) > window then
              return {'window'}
            end
            local s, e = string.find(frame, '"info":"', 1, true)
            local q = e
            while true do
              q = string.find(frame, '"', q + 1, true)
              local b = q - 1
              while string.sub(frame, b, b) == '\\\\' do b = b - 1 end
              if (q - 1 - b) % 2 == 0 then break end
            end
            if ARGV[4] == '' then
              frame = string.sub(frame, 1, s - 2) .. string.sub(frame, q + 1)
              frame = string.sub(frame, 1, -2) .. ',"deleted":true}'
            else
              frame = string.sub(frame, 1, s - 1) .. '"info":' .. ARGV[4] .. string.sub(frame, q + 1)
              if string.sub(frame, -14) ~= '"edited":true}' then
                frame = string.sub(frame, 1, -2) .. ',"edited":true}'
              end
            end
            local ttl = tonumber(ARGV[8])
            redis.call('HSET', revised, at, frame)
            local offset = redis.call('HINCRBY', meta, 'o', 1)
            local change = ARGV[10] .. offset .. ',"epoch":"' .. epoch .. '"' .. ARGV[11]
            redis.call('XADD', stream, 'MAXLEN', ARGV[7], offset .. '-0', 'i', ARGV[9], 'f', change, 'a', ARGV[13])
            local oldest = tonumber(string.match(redis.call('XRANGE', stream, '-', '+', 'COUNT', 1)[1][1], '^(%d+)'))
            for _, kept in ipairs(redis.call('HKEYS', revised)) do
              if tonumber(kept) < oldest then redis.call('HDEL', revised, kept) end
            end
            redis.call('PEXPIRE', stream, ttl)
            redis.call('PEXPIRE', meta, ttl)
            redis.call('PEXPIRE', revised, ttl)
            local payload = ARGV[12] .. offset .. ' ' .. epoch .. ' ' .. change
            for i = 14, #ARGV do
              redis.call('PUBLISH', ARGV[i], payload)
            end
            return {'changed', offset, epoch}
            """);

    /**
     * Sets when a stream and its meta expire, for {@link RedisEmptyRooms}: ARGV 1 milliseconds, 2 {@code LT} (only
     * sooner than now set) or {@code GT} (only later). The cids and letters keep their own expiry.
     */
    static final Script EXPIRE = Script.of("history-expire", """
            local P = KEYS[1]
            redis.call('PEXPIRE', P .. 'h', ARGV[1], ARGV[2])
            redis.call('PEXPIRE', P .. 'm', ARGV[1], ARGV[2])
            redis.call('PEXPIRE', P .. 'x', ARGV[1], ARGV[2])
            return 1
            """);

    private static final char[] EPOCH_CHARS = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    private HistoryScripts() {
    }

    /** The prefix of every key of the stream, with its id as the hash tag. */
    static String prefix(StreamKey stream) {
        return "chat:{" + stream.id() + "}:";
    }

    /**
     * A new epoch for a stream that has none, made here rather than in Lua (whose {@code math.random} is seeded
     * alike on every run): the time in base 36, so that epochs differ across a flush, and four random characters, so
     * that two nodes starting the same stream in one millisecond differ too (only one of them is stored).
     */
    static String newEpoch() {
        StringBuilder epoch = new StringBuilder(Long.toString(System.currentTimeMillis(), 36));
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 4; i++) {
            epoch.append(EPOCH_CHARS[random.nextInt(EPOCH_CHARS.length)]);
        }
        return epoch.toString();
    }
}
