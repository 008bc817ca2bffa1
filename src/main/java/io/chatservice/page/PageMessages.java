package io.chatservice.page;

import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The page's words in English; {@code messages/msg_zh.properties} has them in Chinese. Templates use them as
 * {@code {msg:key}}; the words the script needs travel in data attributes, with {@code %name%} placeholders that the
 * script fills in.
 */
@MessageBundle(locale = "en")
public interface PageMessages {

    @Message("Chat")
    String title();

    @Message("Your name")
    String yourName();

    @Message("Log in")
    String logIn();

    @Message("Log out")
    String logOut();

    @Message("Rooms")
    String rooms();

    @Message("Online")
    String online();

    @Message("Room name")
    String roomName();

    @Message("Join")
    String join();

    @Message("Message")
    String messagePlaceholder();

    @Message("Send")
    String send();

    @Message("Enter sends, Shift+Enter starts a new line")
    String sendHint();

    @Message("Nobody else is online")
    String nobodyOnline();

    @Message("connecting…")
    String statusConnecting();

    @Message("online")
    String statusOnline();

    @Message("reconnecting…")
    String statusReconnecting();

    @Message("Connection lost. Reconnecting…")
    String bannerReconnecting();

    @Message("%user% joined")
    String noticeJoined();

    @Message("%user% left")
    String noticeLeft();

    @Message("Enter a name.")
    String nameEmpty();

    @Message("A name has at most %max% characters.")
    String nameTooLong();

    @Message("A name may contain only letters, digits, '_', '-' and '.'.")
    String nameCharacters();

    @Message("%used% / %max% bytes")
    String counter();

    @Message("%user% is not online.")
    String errorUserOffline();

    @Message("The message is too long.")
    String errorTextTooLong();
}
