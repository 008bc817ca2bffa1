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

    @Message("Log out and give up the name %user%? Your private conversations under it, and any messages kept for "
            + "you while you were offline, go with it: whoever takes the name next will not see them, and neither "
            + "will you.")
    String logOutWarning();

    @Message("Give up the name and log out")
    String logOutConfirm();

    @Message("Stay logged in")
    String logOutCancel();

    @Message("Rooms")
    String rooms();

    @Message("People")
    String people();

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

    @Message("No conversations yet: find someone online above")
    String noConversations();

    @Message("Find people online")
    String searchPeople();

    @Message("People online")
    String searchResults();

    @Message("more")
    String searchMore();

    @Message("Nobody online has a name beginning with %prefix%")
    String searchNone();

    @Message("Who is online is not shown on this service")
    String presencePrivate();

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

    /** Several who came within one notify interval, named by the page: "alice, bob and 3 more". */
    @Message("%users% joined")
    String noticeManyJoined();

    @Message("%users% left")
    String noticeManyLeft();

    /** A large room's notice: its count alone. */
    @Message("%count% in the room now")
    String noticeCount();

    @Message("%users% and %more% more")
    String andMore();

    /** Who is typing in the open room or conversation, as their typing notices say. */
    @Message("%user% is typing…")
    String typingOne();

    @Message("%first% and %second% are typing…")
    String typingTwo();

    /** Three or more: "alice, bob and 2 more" ({@link #andMore}). */
    @Message("%users% are typing…")
    String typingMany();

    @Message("%count% in the room")
    String memberCount();

    @Message("Members")
    String members();

    @Message("show more")
    String showMoreMembers();

    @Message("Enter a name.")
    String nameEmpty();

    @Message("A name has at most %max% characters.")
    String nameTooLong();

    @Message("A name may contain only letters, digits, '_', '-' and '.'.")
    String nameCharacters();

    @Message("A name cannot be '.' or '..'.")
    String nameDots();

    @Message("%used% / %max% bytes")
    String counter();

    @Message("%user% is not online.")
    String errorUserOffline();

    @Message("The message is too long.")
    String errorTextTooLong();

    @Message("The message is empty.")
    String errorEmptyText();

    @Message("A room name may contain only letters, digits, '_', '-' and '.'.")
    String errorInvalidRoom();

    @Message("You are in as many rooms as you may be.")
    String errorTooManyRooms();

    @Message("You are not in this room.")
    String errorNotInRoom();

    @Message("You are sending too fast; wait a moment.")
    String errorSendRateLimited();

    @Message("You are opening new rooms too fast; wait a minute and try again.")
    String errorJoinRateLimited();

    @Message("The server did not accept that (%code%).")
    String errorOther();

    @Message("The name “%user%” is taken: someone else is using it. Choose another name.")
    String errorNameTaken();

    @Message("The server does not accept this name. Choose another one.")
    String errorInvalidUsername();

    @Message("This name has too many chat windows open. Close some of them and try again.")
    String errorTooManyConnections();

    @Message("Too many chat connections come from your network. Try again later.")
    String errorAddressLimit();

    @Message("The server is full. Try again in a few minutes.")
    String errorServerFull();

    @Message("Too many attempts to connect. Wait a moment and try again.")
    String errorConnectRateLimited();

    @Message("You were disconnected for sending too fast.")
    String errorFlooding();

    @Message("The server closed the connection.")
    String errorRefused();

    @Message("This name is banned from the chat until %until%: “%reason%”")
    String errorBanned();

    @Message("The service closed your connection: “%reason%”. Reconnect when you are ready.")
    String errorKicked();

    @Message("This chat needs you to sign in: open it with the link your sign-in gives you.")
    String errorTokenRequired();

    @Message("Your sign-in was not accepted. Sign in again.")
    String errorTokenInvalid();

    @Message("Your sign-in is for another name than this chat was opened with. Sign in again.")
    String errorNameMismatch();

    @Message("Your sign-in has expired. Sign in again.")
    String errorTokenExpired();

    @Message("You have logged out. Open the chat with your sign-in link to come back.")
    String loggedOutToken();

    @Message("cannot reach the server, retrying…")
    String statusUnreachable();

    @Message("disconnected")
    String statusStopped();

    @Message("Cannot reach the server. Retrying…")
    String bannerUnreachable();

    @Message("Reconnect")
    String reconnect();

    @Message("%user% has too many messages waiting: this one was not kept.")
    String errorMailboxFull();

    @Message("%user% does not take private messages from you: this one was not sent.")
    String errorBlocked();

    @Message("sending…")
    String tickPending();

    @Message("sent")
    String tickSent();

    @Message("queued")
    String tickQueued();

    @Message("delivered")
    String tickDelivered();

    @Message("read")
    String tickRead();

    @Message("not sent")
    String tickFailed();

    @Message("queued / will be delivered when %user% connects")
    String queuedNote();

    @Message("offline")
    String userOffline();

    @Message("online")
    String userOnline();

    @Message("message deleted")
    String messageDeleted();

    @Message("(edited)")
    String editedMark();

    @Message("Edit")
    String editAction();

    @Message("Delete")
    String deleteAction();

    @Message("Save")
    String saveAction();

    @Message("Cancel")
    String cancelAction();

    @Message("only its author can change a message")
    String errorNotAuthor();

    @Message("this message can no longer be edited or deleted")
    String errorEditWindowClosed();

    @Message("that message is no longer there")
    String errorUnknownMessage();
}
