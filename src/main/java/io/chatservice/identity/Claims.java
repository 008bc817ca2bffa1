package io.chatservice.identity;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.chatservice.config.ChatConfig;
import io.chatservice.config.IdentityMode;
import io.chatservice.protocol.ErrorCode;
import io.chatservice.protocol.NameForms;
import io.chatservice.protocol.ProtocolException;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Claims with their limits, so that nobody squats names: a client address may claim
 * {@code chat.limits.claims-per-address} names a day, and this node keeps at most {@code chat.limits.max-claims}
 * claimed names. Renewing the claim of a name that is claimed already (the page claims at every login) costs
 * nothing. In {@code jwt} mode a claim keeps nothing, so it is never counted.
 */
@Singleton
public class Claims {

    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

    private final Names names;
    private final AddressClaims addresses;
    private final ClaimLedger ledger;
    private final int perAddress;
    private final boolean tokens;

    public Claims(Names names, AddressClaims addresses, ChatConfig config) {
        this.names = names;
        this.addresses = addresses;
        this.ledger = new ClaimLedger(config.limits().maxClaims(), config.identity().claimTtl().toMillis());
        this.perAddress = config.limits().claimsPerAddress();
        this.tokens = config.identity().mode() == IdentityMode.JWT;
    }

    void startPurging(@Observes StartupEvent event, Vertx vertx) {
        vertx.setPeriodic(PURGE_INTERVAL.toMillis(), id -> {
            ledger.purge();
            addresses.purge();
        });
    }

    /**
     * Claims the name for its key, from a connection at the address.
     *
     * @return false if the name is proven by tokens: there is nothing to keep; fails with {@code CLAIM_LIMIT} over a
     *         limit, {@code UNAVAILABLE}
     */
    public CompletionStage<Boolean> claim(String user, String address) {
        if (tokens) {
            return names.claim(user);
        }
        String form = NameForms.userForm(user);
        return names.isClaimed(user).thenCompose(claimed -> {
            if (claimed) {
                ledger.renewed(form);
                return names.claim(user);
            }
            if (!ledger.hasRoom(form)) {
                return CompletableFuture.failedFuture(new ProtocolException(ErrorCode.CLAIM_LIMIT, "this server "
                        + "keeps " + ledger.max() + " claimed names, the most it keeps; your name stays yours while "
                        + "you are connected"));
            }
            return addresses.take(address).thenCompose(wait -> {
                if (wait > 0) {
                    return CompletableFuture.failedFuture(ProtocolException.retryLater(ErrorCode.CLAIM_LIMIT,
                            "your address has claimed " + perAddress + " names today, the most one address may; "
                                    + "your name stays yours while you are connected", wait));
                }
                return names.claim(user).thenApply(keyed -> {
                    if (keyed) {
                        ledger.claimed(form);
                    }
                    return keyed;
                });
            });
        });
    }

    /** The holder gives its claim up. */
    public CompletionStage<Void> release(String user) {
        ledger.released(NameForms.userForm(user));
        return names.release(user);
    }

    /**
     * An operator ends the claim of a name's form (see {@link Names#endClaim}).
     *
     * @return the spelling whose claim ended, or null if the name was not claimed
     */
    public CompletionStage<String> end(String name) {
        return names.endClaim(name).thenApply(spelling -> {
            ledger.released(NameForms.userForm(name));
            return spelling;
        });
    }
}
