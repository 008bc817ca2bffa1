'use strict';
// How long the chat page waits before it reconnects (docs/protocol.md, "Reconnecting"). Full jitter: a random delay
// between 0 and a cap that doubles with each failed attempt, so that pages cut off together (a network blip, a
// restarted node) do not all come back in the same instant, nor again in step at each later attempt. A page whose
// node sent it away with 1001 (the node drains) first waits a random part of DRAIN_SPREAD_MS: the node spreads its
// closes over its drain window, and each page spreads its return over this as well. Some closes are never retried
// by the page itself: a refusal (1008), an expired token (4401), the service closing the user's connections (4010)
// and a ban (4403).
window.ChatBackoff = (function () {
  const BASE_MS = 500;
  const MAX_MS = 30000;
  const DRAIN_SPREAD_MS = 5000;
  const FINAL_CLOSES = new Set([1008, 4401, 4010, 4403]);
  return Object.freeze({
    BASE_MS,
    MAX_MS,
    DRAIN_SPREAD_MS,
    /** The pause before reconnect attempt number `attempt` (0 for the first after a close). */
    retryDelay(attempt, random = Math.random) {
      return random() * Math.min(MAX_MS, BASE_MS * 2 ** Math.min(attempt, 16));
    },
    /** Whether a close with this code is retried by the page on its own. */
    retries(closeCode) {
      return !FINAL_CLOSES.has(closeCode);
    },
    /** The pause before the first reconnect after a 1001. */
    drainDelay(random = Math.random) {
      return random() * DRAIN_SPREAD_MS;
    },
  });
})();
