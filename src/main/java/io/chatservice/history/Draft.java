package io.chatservice.history;

/**
 * A message frame before its stream gave it an offset: the JSON text up to {@code "offset":} ({@code head}) and what
 * follows the epoch ({@code tail}). The offset and the epoch are spliced in by whoever assigns them, this process
 * or a Redis script ({@code head .. offset .. ',"epoch":"' .. epoch .. '"' .. tail}), so the frame is encoded once.
 * Epochs are made of {@code [0-9a-z]} only, which JSON needs no escape for.
 *
 * @param id the frame's {@code id}
 */
public record Draft(String id, String head, String tail) {

    public static final String EPOCH_FIELD = ",\"epoch\":\"";

    public String complete(long offset, String epoch) {
        return new StringBuilder(head.length() + tail.length() + 40).append(head).append(offset).append(EPOCH_FIELD)
                .append(epoch).append('"').append(tail).toString();
    }

    public Kept kept(long offset, String epoch) {
        return new Kept(offset, epoch, id, complete(offset, epoch));
    }
}
