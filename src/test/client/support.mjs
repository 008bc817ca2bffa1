// What the library's tests share: the service's address, unique names, a TCP proxy that can cut connections, and
// bounded waits.
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { ChatClient } from '../../main/client/chat-client.js';

/** A setting the build passes (ChatClientLibraryIT); the tests cannot run without it. */
export function env(variable) {
  const value = process.env[variable];
  if (!value) throw new Error(variable + ' is not set: these tests run against a service the build started');
  return value;
}

/** The service the build started, e.g. http://127.0.0.1:8081. */
export function serviceUrl() {
  return env('CHAT_SERVICE_URL');
}

/** A name no other test uses: the prefix and six random letters or digits. */
export function unique(prefix) {
  return prefix + randomBytes(6).toString('hex').slice(0, 6);
}

/**
 * A client with short back-off pauses (a fifth of the cap), closed after the test.
 * @param {import('node:test').TestContext} t
 */
export function client(t, options) {
  const chat = new ChatClient(Object.assign({ url: serviceUrl(), random: () => 0.2 }, options));
  t.after(() => chat.close());
  return chat;
}

/** The events of these types a client emits, in order, from now on. */
export function record(chat, ...types) {
  const events = [];
  for (const type of types) chat.on(type, (event) => events.push(event));
  return events;
}

/** Waits until `condition()` is truthy, asking every 20 ms, for at most `ms`; returns its value. */
export async function until(condition, what, ms = 10000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out after ' + ms + ' ms waiting for ' + what);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A promise that fails after `ms` if `promise` has not settled by then. */
export function within(promise, what, ms = 10000) {
  let timer;
  const timeout = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error('timed out after ' + ms + ' ms waiting for ' + what)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A TCP proxy in front of the service: `cut()` drops every connection through it as a network fault would,
 * `block()` answers new ones 503 (as a node that drains does) until `unblock()`, `silence()` takes new ones and never
 * answers, `hold()` stops passing what the service sends (a reply lost on the way) until the connection is cut.
 */
export async function proxy(t, target = serviceUrl()) {
  const { hostname, port } = new URL(target);
  const pairs = new Set();
  let blocked = false;
  let silent = false;
  let held = false;
  const hanging = new Set();
  const server = net.createServer((socket) => {
    if (silent) {
      hanging.add(socket.on('error', () => {})); // taken, never answered
      return;
    }
    if (blocked) {
      socket.once('data', () => socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n'));
      socket.on('error', () => {});
      return;
    }
    const upstream = net.connect(Number(port), hostname);
    const pair = { socket, upstream };
    pairs.add(pair);
    socket.on('data', (data) => upstream.write(data));
    upstream.on('data', (data) => {
      if (!held) socket.write(data);
    });
    const drop = () => {
      socket.destroy();
      upstream.destroy();
      pairs.delete(pair);
    };
    socket.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = 'http://127.0.0.1:' + server.address().port;
  const control = {
    url,
    cut() {
      for (const pair of pairs) {
        pair.socket.destroy();
        pair.upstream.destroy();
      }
      pairs.clear();
      for (const socket of hanging) socket.destroy();
      hanging.clear();
      held = false;
    },
    block() {
      blocked = true;
    },
    unblock() {
      blocked = false;
      silent = false;
    },
    silence() {
      silent = true;
    },
    hold() {
      held = true;
    },
  };
  t.after(() => {
    control.cut();
    server.close();
  });
  return control;
}
