// The reconnect back-off (docs/protocol.md, "Reconnecting"), without a server: full jitter under a doubling cap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_MS, DRAIN_SPREAD_MS, MAX_MS, backoff, drainDelay, retries, retryDelay,
} from '../../main/client/chat-client.js';

/** The smallest and the largest of many draws. */
function range(draw, times = 2000) {
  const values = Array.from({ length: times }, draw);
  return [Math.min(...values), Math.max(...values)];
}

test('the first pause is at most half a second and the cap doubles with each attempt', () => {
  assert.equal(BASE_MS, 500);
  for (let attempt = 0; attempt < 6; attempt++) {
    assert.equal(retryDelay(attempt, () => 0.999999999), 500 * 2 ** attempt * 0.999999999);
  }
});

test('no pause is longer than thirty seconds, however many attempts failed', () => {
  assert.equal(MAX_MS, 30000);
  for (const attempt of [6, 7, 12, 50, 1000, Infinity]) {
    assert.ok(retryDelay(attempt, () => 0.999999999) < 30000, 'attempt ' + attempt);
    assert.ok(retryDelay(attempt, () => 0.999999999) > 29999, 'attempt ' + attempt);
  }
});

test('a pause is drawn uniformly from zero to the cap', () => {
  assert.equal(retryDelay(3, () => 0), 0);
  assert.equal(retryDelay(3, () => 0.5), 2000);
  assert.equal(retryDelay(3, () => 0.25), 1000);
});

test('pauses of clients cut off together spread over the whole range', () => {
  for (const [attempt, cap] of [[0, 500], [3, 4000], [12, 30000]]) {
    const [low, high] = range(() => retryDelay(attempt));
    assert.ok(low >= 0 && high <= cap, `[${low}, ${high}] within [0, ${cap}]`);
    assert.ok(low < cap / 10 && high > cap * 9 / 10, `[${low}, ${high}] spread over [0, ${cap}]`);
  }
});

test('the pauses of one attempt are not all alike', () => {
  const draws = new Set(Array.from({ length: 100 }, () => retryDelay(4)));
  assert.ok(draws.size > 90, draws.size + ' different pauses of 100');
});

test('after a draining node sent the client away its return is spread over five seconds', () => {
  assert.equal(DRAIN_SPREAD_MS, 5000);
  const [low, high] = range(() => drainDelay());
  assert.ok(low >= 0 && high <= 5000 && low < 500 && high > 4500, `[${low}, ${high}]`);
});

test('refusals, expired tokens, kicks and bans are not retried; anything else is', () => {
  for (const code of [1008, 4401, 4010, 4403]) assert.equal(retries(code), false, String(code));
  for (const code of [1000, 1001, 1006, 1011, 1013, 4002, 4008]) assert.equal(retries(code), true, String(code));
});

test('the back-off object holds the same functions', () => {
  assert.equal(backoff.retryDelay, retryDelay);
  assert.equal(backoff.drainDelay, drainDelay);
  assert.equal(backoff.retries, retries);
  assert.ok(Object.isFrozen(backoff));
});
