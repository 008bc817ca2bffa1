package io.chatservice.history;

/**
 * Where a client is in a stream: the last offset it saw and the epoch of the stream's history it saw it in. An epoch
 * changes when a stream's history was lost (a restart of the memory broker, a flushed Redis), so a client with an old
 * epoch cannot be told "nothing missed".
 */
public record Position(String epoch, long offset) {
}
