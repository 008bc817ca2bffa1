package io.chatservice.delivery;

/**
 * The seam between accepting a message and reaching its recipients. The in-memory implementation hands an envelope
 * straight to this instance's {@link LocalFanout}; one backed by a message broker would publish it to every replica,
 * each of which hands it to its own {@code LocalFanout}. Endpoints see only this interface.
 */
public interface Delivery {

    /** Never blocks, and never fails because of a recipient. */
    void publish(Envelope envelope);
}
