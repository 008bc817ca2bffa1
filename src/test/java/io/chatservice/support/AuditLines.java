package io.chatservice.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

import io.chatservice.admission.Admission;

/** What the audit log ({@code io.chatservice.audit}) says between {@link #start} and {@link #stop}, as formatted. */
public final class AuditLines {

    private final Logger logger = Logger.getLogger(Admission.AUDIT);
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** The lines heard so far; it grows while listening. */
    public List<String> lines() {
        return lines;
    }

    public void start() {
        logger.addHandler(capture);
    }

    public void stop() {
        logger.removeHandler(capture);
    }
}
