package io.chatservice.core;

import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.ProtocolException;

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

    /** What a banned user is told when the operator gave no reason. */
    public static final String NO_REASON = "banned by the service";

    /**
     * The {@code BANNED} error frame's content: the operator's reason as its {@code info}, which the user is shown,
     * and {@code retry_after_ms} until the ban ends.
     */
    public ProtocolException refusal(long nowMs) {
        String shown = reason == null || reason.isBlank() ? NO_REASON : reason;
        return ProtocolException.retryLater(ErrorCode.BANNED, shown, Math.max(1, untilMs - nowMs));
    }
}
