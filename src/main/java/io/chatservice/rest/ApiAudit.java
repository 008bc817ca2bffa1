package io.chatservice.rest;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.chatservice.admission.Admission;

/**
 * One line on the audit log for every server API call, once it is answered: who called (the key's id or
 * {@code token:<sub>}), what it did, to which room or user, under which {@code from_user} and {@code cid}, and the
 * status. Never the key, the token or the text. What the caller sent is logged only once it passed the naming rules,
 * and a {@code cid} with its control characters replaced, so that a line can never be forged into two.
 */
@Singleton
public class ApiAudit {

    private static final Logger LOG = Logger.getLogger(Admission.AUDIT);

    public Call call(String method, String kind) {
        return new Call(method, kind);
    }

    /** What one call did, filled in as it is checked. */
    public static final class Call {
        private final String method;
        private final String kind;
        private volatile String caller = "none";
        private volatile String target = "-";
        private volatile String fromUser = "-";
        private volatile String cid = "-";

        Call(String method, String kind) {
            this.method = method;
            this.kind = kind;
        }

        void caller(String caller) {
            this.caller = caller;
        }

        /** @param target the room's folded name or the user's, checked already */
        void target(String target) {
            this.target = target;
        }

        void fromUser(String fromUser) {
            this.fromUser = fromUser;
        }

        void cid(String cid) {
            this.cid = cid == null ? "-" : printable(cid);
        }

        void answered(int status) {
            LOG.infof("api %s %s %s from_user %s cid %s by %s: %d", method, kind, target, fromUser, cid, caller,
                    status);
        }

        private static String printable(String text) {
            StringBuilder out = new StringBuilder(text.length());
            text.codePoints().forEach(cp -> out.appendCodePoint(Character.isISOControl(cp)
                    || Character.getType(cp) == Character.LINE_SEPARATOR
                    || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR ? '?' : cp));
            return out.toString();
        }
    }
}
