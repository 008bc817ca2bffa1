package io.chatservice.moderation;

/**
 * A name the server API banned until {@code untilMs}: no connection under any spelling of its form is let in.
 *
 * @param user the name as the operator wrote it
 * @param form its {@link io.chatservice.protocol.NameForms#userForm form}, which the ban holds for
 * @param reason the operator's, told to the banned user; may be empty
 * @param untilMs when it ends, milliseconds since the epoch
 * @param by the id of the server API key that set it
 */
public record Ban(String user, String form, String reason, long untilMs, String by) implements Sanction {
}
