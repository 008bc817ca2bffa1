package io.chatservice.core;

import java.util.concurrent.CompletionStage;

import io.chatservice.history.Appended;

/**
 * A message the chat accepted (every check passed) and is keeping: {@code appended} completes once its stream has
 * it, or fails ({@code UNAVAILABLE}, {@code MAILBOX_FULL}, {@code USER_OFFLINE}) if it could not be kept. A sender's
 * next message need only wait for acceptance: appends keep their order on their way.
 */
public record Posted(CompletionStage<Appended> appended) {
}
