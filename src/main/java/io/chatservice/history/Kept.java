package io.chatservice.history;

/**
 * A message kept in a stream's history: the frame as it was delivered, with its offset and epoch in it.
 *
 * @param id the frame's {@code id}
 */
public record Kept(long offset, String epoch, String id, String frame) {

    public static final String MESSAGE_HEAD = "{\"type\":\"message\",";

    /** The frame marked {@code "history":true}, as it is sent again: on a join, in a recovery, from a mailbox. */
    public String asHistory() {
        return MESSAGE_HEAD + "\"history\":true," + frame.substring(MESSAGE_HEAD.length());
    }
}
