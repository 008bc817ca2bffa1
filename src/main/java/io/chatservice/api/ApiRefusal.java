package io.chatservice.api;

/** A server API call refused before it acts: its HTTP status, a code and a reason a person can read. */
public class ApiRefusal extends RuntimeException {

    private final int status;
    private final String code;
    private final long retryAfterSeconds;

    public ApiRefusal(int status, String code, String reason) {
        this(status, code, reason, 0);
    }

    /** @param retryAfterSeconds when to call again ({@code Retry-After}); 0: no header */
    public ApiRefusal(int status, String code, String reason, long retryAfterSeconds) {
        super(reason, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String reason() {
        return getMessage();
    }

    /** Seconds to wait before calling again, or 0 when the refusal says nothing of when. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
