package io.chatservice.core;

/**
 * A user the server API muted in one room until {@code untilMs}: they still read the room, and nothing they say there
 * is kept or delivered.
 *
 * @param room the room's folded name
 * @param user the name as the operator wrote it
 * @param form its {@link io.chatservice.protocol.NameForms#userForm form}, which the mute holds for
 * @param reason the operator's; may be empty
 * @param untilMs when it ends, milliseconds since the epoch
 * @param by the id of the server API key that set it
 */
public record Mute(String room, String user, String form, String reason, long untilMs, String by) implements Sanction {
}
