package io.chatservice.core;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The names each user blocks: a blocked name's private messages to the user are neither delivered nor kept, and its
 * receipts are dropped. Rooms are not affected. A block list belongs to the owner of the user's name (the key it is
 * held by, or the token's subject), like the mailbox: it lasts through disconnects while the name is claimed, and a
 * newcomer under a freed name starts with none. {@link io.chatservice.memory.MemoryBlocks} in this process, or the
 * Redis ones. Never blocks; a stage fails with a {@link io.chatservice.protocol.ProtocolException}: {@code UNAVAILABLE}
 * when the cluster cannot be reached now.
 */
public interface Blocks {

    /** The names the user blocks now, sorted; none if nobody holds the name. */
    CompletionStage<List<String>> list(String user);

    /**
     * The user blocks {@code blocked} from now on; blocking a name again changes nothing.
     *
     * @return fails with {@code TOO_MANY_BLOCKS} at {@code chat.limits.max-blocks}, {@code USER_OFFLINE} if nobody
     *         holds the name
     */
    CompletionStage<Void> add(String user, String blocked);

    /** The user no longer blocks {@code blocked} (whether or not they did). */
    CompletionStage<Void> remove(String user, String blocked);

    /** Whether the user blocks {@code sender} now. */
    CompletionStage<Boolean> blocks(String user, String sender);
}
