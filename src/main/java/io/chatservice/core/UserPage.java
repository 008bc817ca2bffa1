package io.chatservice.core;

import java.util.List;

/**
 * A page of online users, in the order of their folded names.
 *
 * @param next the last user of the page when there are more after it, to page on from; else null
 */
public record UserPage(List<UserPresence> users, String next) {
}
