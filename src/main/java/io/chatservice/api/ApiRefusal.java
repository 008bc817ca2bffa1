package io.chatservice.api;

/** A server API call refused before it acts: its HTTP status, a code and a reason a person can read. */
public class ApiRefusal extends RuntimeException {

    private final int status;
    private final String code;

    public ApiRefusal(int status, String code, String reason) {
        super(reason, null, false, false);
        this.status = status;
        this.code = code;
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
}
