package io.chatservice.webhooks;

/**
 * One event as it is sent: its body is made once and sent as is on every attempt.
 *
 * @param key what it is about ({@code user:<form>} or {@code room:<room>}): events with one key go in order
 * @param body the JSON text: {@code {"id","type","ts","data"}}
 */
record WebhookEvent(String id, String type, String key, String body) {
}
