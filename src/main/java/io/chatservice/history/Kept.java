package io.chatservice.history;

/**
 * A message kept in a stream's history: the frame as it was delivered, with its offset and epoch in it.
 *
 * @param id the frame's {@code id}
 */
public record Kept(long offset, String epoch, String id, String frame) {

    public static final String MESSAGE_HEAD = "{\"type\":\"message\",";

    /**
     * The frame marked {@code "history":true}, as it is sent again: on a join, in a recovery, from a mailbox. Right
     * after its type, whatever the type (a message, or a change kept in the stream).
     */
    public String asHistory() {
        int afterType = frame.indexOf(',') + 1;
        return frame.substring(0, afterType) + "\"history\":true," + frame.substring(afterType);
    }

    /** The same entry with another frame: the message's latest text, or its tombstone. */
    public Kept withFrame(String revised) {
        return new Kept(offset, epoch, id, revised);
    }
}
