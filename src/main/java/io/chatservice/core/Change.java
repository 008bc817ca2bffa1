package io.chatservice.core;

import io.chatservice.history.Draft;

/**
 * An edit or a delete of a kept message, to make in its stream in one step: the message is found by its offset and
 * id, checked, rewritten in the history (its new text, or its tombstone), and the change itself is kept in the stream
 * under the stream's next offset and published, so that members hear of it live and a recovering client in order.
 *
 * @param editor the identity that must have sent the message; null for the backend, which may change any message
 * @param info the new text as a JSON string literal; null for a delete
 * @param nowMillis the time of the change, against the message's {@code ts}
 * @param windowMillis how long after its {@code ts} a message may be changed; 0: at any time
 * @param draft the change's own frame ({@code edited} or {@code deleted}), offset and epoch yet to come
 * @param author under whom the change itself is kept (its own entry is no message: nobody edits it)
 * @param route for a conversation with {@code chat.broker=redis}: the nodes its users are on; null otherwise
 */
public record Change(StreamKey stream, String messageId, long offset, String editor, String info, long nowMillis,
        long windowMillis, Draft draft, String author, Target target, Route route, long receivedAt) {

    public boolean isDelete() {
        return info == null;
    }
}
