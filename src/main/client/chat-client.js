// A client of the chat service's WebSocket protocol (docs/protocol.md), for browsers and Node 20+, with no
// dependencies. One ChatClient keeps a user's two connections, group (rooms) and private, and does what every
// client of the protocol has to: present the name's key (or a token), reconnect after a random pause, go on from
// its positions in every stream so that nothing is missed or shown twice, send with a cid and send again after a
// reconnect, and tell the application everything through events.

/** The first reconnect waits up to this long; the cap doubles with each failed attempt. */
export const BASE_MS = 500;
/** No reconnect waits longer than this. */
export const MAX_MS = 30000;
/** After a 1001 (the node drains) the first reconnect is spread over this. */
export const DRAIN_SPREAD_MS = 5000;
/** Closes that no client retries by itself: a refusal, an expired token, the service closing the user, a ban. */
const FINAL_CLOSES = new Set([1008, 4401, 4010, 4403]);
const GOING_AWAY = 1001;

/**
 * The pause before reconnect attempt number `attempt` (0 for the first after a close): full jitter, drawn uniformly
 * from 0 to min(MAX_MS, BASE_MS × 2^attempt), so that clients cut off together do not come back together.
 * @param {number} attempt
 * @param {() => number} [random] uniform in [0, 1)
 */
export function retryDelay(attempt, random = Math.random) {
  return random() * Math.min(MAX_MS, BASE_MS * 2 ** Math.min(Math.max(attempt, 0), 16));
}

/** The pause before the first reconnect after a 1001, one draw for all of a client's connections. */
export function drainDelay(random = Math.random) {
  return random() * DRAIN_SPREAD_MS;
}

/** Whether a connection closed with this code is retried without the user. */
export function retries(closeCode) {
  return !FINAL_CLOSES.has(closeCode);
}

/** The back-off as one object. */
export const backoff = Object.freeze({ BASE_MS, MAX_MS, DRAIN_SPREAD_MS, retryDelay, drainDelay, retries });

/** An error frame the service answered a request with, as an Error. */
export class ChatError extends Error {
  /** @param {object} frame the `error` frame */
  constructor(frame) {
    super(frame.info || frame.code);
    this.name = 'ChatError';
    this.code = frame.code;
    this.frame = frame;
    this.retryAfterMs = frame.retry_after_ms;
  }
}

const PATHS = { group: '/groupchat/', private: '/privateChat/' };

/** A room's name as the service names it: NFKC, case-folded (close to it: lower case). */
export function roomName(room) {
  return String(room).normalize('NFKC').toLowerCase();
}

/** The key of a stream: `room:<room>` or `user:<peer>`. */
const roomStream = (room) => 'room:' + roomName(room);
const userStream = (user) => 'user:' + user;
const isKept = (offset, epoch) => typeof offset === 'number' && typeof epoch === 'string';

/**
 * Where a client is in one stream: every offset up to `offset` has come (or lies before what it asked for), and
 * `seen` holds those above it that came out of order. Offsets of another epoch cannot be compared.
 */
class Position {
  constructor() {
    this.epoch = null;
    this.offset = null;
    this.seen = new Set();
  }

  /** Whether the entry at `offset` came already. */
  has(offset) {
    return (this.offset !== null && offset <= this.offset) || this.seen.has(offset);
  }

  /** Notes an entry; a live one with no position yet is where the position starts. */
  add(offset, live) {
    if (this.offset === null && live) this.offset = offset - 1;
    this.seen.add(offset);
    this.advance();
  }

  /** Every entry up to `offset` has come: a history run closed there. */
  reach(offset) {
    this.offset = Math.max(this.offset === null ? 0 : this.offset, offset);
    this.advance();
  }

  advance() {
    if (this.offset === null) return;
    for (const offset of this.seen) if (offset <= this.offset) this.seen.delete(offset);
    while (this.seen.delete(this.offset + 1)) this.offset++;
  }

  /** Starts again in another epoch, at `offset` (null: nowhere yet). */
  restart(epoch, offset) {
    this.epoch = epoch || null;
    this.offset = offset;
    this.seen.clear();
  }

  /** The query a recovery sends, or null while there is nothing to go on from. */
  get recovery() {
    return this.epoch && this.offset !== null ? { epoch: this.epoch, offset: this.offset } : null;
  }
}

/**
 * A user's connections to the chat service. Listen with `on(type, listener)`; every listener gets one object, with
 * `channel` ('group' or 'private') and `frame` when a frame caused it. See README.md for the events.
 */
export class ChatClient {
  /**
   * @param {object} options
   * @param {string} options.user the name to connect as
   * @param {string} [options.url] the service's base URL (http, https, ws or wss); in a browser, the page's origin
   * @param {string|(() => string|null)} [options.key] the name's key, or a function asked at each connect
   * @param {string|(() => string|Promise<string>)} [options.token] a JWT, or a function that gives a fresh one
   * @param {string} [options.room] the room of the group path (the service's default room when absent)
   * @param {Array<'group'|'private'>} [options.channels] which connections to keep (both by default)
   * @param {boolean} [options.typing] ask for others' typing notices
   * @param {boolean} [options.claim] keep the name for its key (sends `claim` on coming online)
   * @param {boolean} [options.reconnect] reconnect by itself (true by default)
   * @param {number} [options.stableMs] a connection up this long after its welcome starts the back-off afresh
   * @param {number} [options.welcomeTimeoutMs] a connection not welcomed this long after it was opened is given up
   * @param {typeof WebSocket} [options.WebSocket] the WebSocket constructor (the global one by default)
   * @param {typeof fetch} [options.fetch] for room history over REST (the global one by default)
   * @param {() => number} [options.random] uniform in [0, 1), for the back-off
   */
  constructor(options) {
    if (!options || !options.user) throw new TypeError('ChatClient needs options.user');
    this.options = Object.assign(
      { channels: ['group', 'private'], reconnect: true, stableMs: 10000, welcomeTimeoutMs: 15000 }, options);
    this.user = options.user;
    this.key = typeof options.key === 'string' ? options.key : null;
    this.listeners = new Map();
    this.channels = {};
    for (const name of this.options.channels) {
      if (!PATHS[name]) throw new TypeError('unknown channel ' + name);
      this.channels[name] = {
        name, ws: null, opened: false, opening: false, welcomed: false, attempts: 0, timer: null, stable: null,
        handshake: null, presented: null,
      };
    }
    this.pathRoom = options.room ? roomName(options.room) : null;
    this.rooms = new Set(); // rooms the group connection is in, or joins again on reconnect
    this.positions = new Map(); // stream → Position
    this.pending = new Map(); // cid → a request not answered yet
    this.requests = new Map(); // peer → private history asked for and not answered, in order
    this.watched = null; // the names the private connection watches, sent again on every reconnect
    this.watchedOn = null; // the private connection that was sent them
    this.cidPrefix = Math.random().toString(36).slice(2, 8) + Date.now().toString(36).slice(-4);
    this.cidCount = 0;
    this.closed = true;
    this.stopped = false;
    this.everOnline = false;
    this.drainReturnAt = 0;
    this.ready = null;
  }

  // ---- events ----------------------------------------------------------------------------------------------------

  /** Calls `listener` for every event of `type` ('*' for all: it gets the type as `event.type`). Returns `off`. */
  on(type, listener) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type).add(listener);
    return () => this.off(type, listener);
  }

  off(type, listener) {
    const set = this.listeners.get(type);
    if (set) set.delete(listener);
  }

  /** The next event of `type` for which `test` holds, as a promise. */
  once(type, test = () => true) {
    return new Promise((resolve) => {
      const off = this.on(type, (event) => {
        if (!test(event)) return;
        off();
        resolve(event);
      });
    });
  }

  emit(type, event) {
    const detail = Object.assign({ type }, event);
    for (const key of [type, '*']) {
      for (const listener of [...(this.listeners.get(key) || [])]) {
        try {
          listener(detail);
        } catch (e) {
          setTimeout(() => {
            throw e;
          }, 0); // a listener's fault is reported without breaking the client
        }
      }
    }
  }

  // ---- connecting ------------------------------------------------------------------------------------------------

  /** Opens the connections; resolves once all are welcomed, rejects with a ChatError if the first try is refused. */
  connect() {
    if (!this.closed) return this.ready;
    this.closed = false;
    this.stopped = false;
    this.ready = new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    this.ready.catch(() => {}); // an application that listens to events need not await it
    this.open(this.firstChannel());
    return this.ready;
  }

  /** Closes the connections for good; with `release`, gives the name's claim up first. */
  close({ release = false } = {}) {
    if (release) {
      const ws = this.openSocket();
      if (ws) ws.send(JSON.stringify({ type: 'release' }));
    }
    this.closed = true;
    for (const channel of Object.values(this.channels)) {
      clearTimeout(channel.timer);
      clearTimeout(channel.stable);
      clearTimeout(channel.handshake);
      const ws = channel.ws;
      channel.ws = null;
      channel.welcomed = false;
      if (ws) ws.close(1000);
    }
    const closed = new ChatError({ code: 'CLOSED', info: 'the client was closed' });
    for (const request of this.pending.values()) request.reject(closed);
    this.pending.clear();
    this.dropRequests();
    if (this.settle) this.settle.reject(closed);
    this.settle = null;
  }

  /** After a final close (a refusal, a ban, …): tries again now, or after `delayMs`. */
  reconnect(delayMs = 0) {
    if (this.closed) return this.connect();
    this.stopped = false;
    for (const channel of Object.values(this.channels)) {
      if (channel.ws && channel.ws.readyState <= 1) continue;
      channel.attempts = 0;
      this.schedule(channel, delayMs);
    }
    return this.ready;
  }

  /** Whether this connection ('group', 'private') is welcomed and open: what `send` needs. */
  connected(channelName) {
    const channel = this.channels[channelName];
    return !!channel && channel.welcomed && !!channel.ws && channel.ws.readyState === 1;
  }

  /** Whether every connection is welcomed and open. */
  get online() {
    return Object.keys(this.channels).every((name) => this.connected(name));
  }

  /** Where the client is in a room ({ room }) or a private conversation ({ user }): { epoch, offset } or null. */
  position(target) {
    const position = this.positions.get(this.streamOf(target));
    return position && position.recovery;
  }

  firstChannel() {
    const names = Object.keys(this.channels);
    return this.channels[names.includes('group') ? 'group' : names[0]];
  }

  openSocket() {
    const channel = Object.values(this.channels).find((c) => c.welcomed && c.ws && c.ws.readyState === 1);
    return channel ? channel.ws : null;
  }

  base() {
    const url = this.options.url || (typeof location !== 'undefined' ? location.origin : null);
    if (!url) throw new TypeError('ChatClient needs options.url outside a browser');
    return new URL(url);
  }

  /** The address of a channel: its path, the proof of the name, typing, and the path room's position. */
  async address(channel) {
    const url = this.base();
    url.protocol = url.protocol === 'https:' || url.protocol === 'wss:' ? 'wss:' : 'ws:';
    let path = PATHS[channel.name] + encodeURIComponent(this.user);
    if (channel.name === 'group' && this.options.room) path += '/' + encodeURIComponent(this.options.room);
    url.pathname = url.pathname.replace(/\/$/, '') + path;
    url.search = '';
    const token = await this.currentToken();
    channel.presented = token ? null : this.currentKey();
    if (token) url.searchParams.set('access_token', token);
    else if (channel.presented) url.searchParams.set('key', channel.presented);
    if (this.options.typing) url.searchParams.set('typing', 'true');
    const at = channel.name === 'group' && this.pathRoom && this.position({ room: this.pathRoom });
    if (at) {
      url.searchParams.set('epoch', at.epoch);
      url.searchParams.set('offset', String(at.offset));
    }
    return url.toString();
  }

  currentKey() {
    if (this.key) return this.key;
    return typeof this.options.key === 'function' ? this.options.key() || null : null;
  }

  async currentToken() {
    const token = this.options.token;
    return typeof token === 'function' ? token() : token || null;
  }

  /** Opens the channel's connection, unless one is open or on its way. */
  async open(channel) {
    clearTimeout(channel.timer);
    if (channel.opening || (channel.ws && channel.ws.readyState <= 1)) return;
    channel.opening = true;
    channel.opened = true;
    let url;
    try {
      url = await this.address(channel);
    } catch (e) {
      channel.opening = false;
      this.emit('close', { channel: channel.name, code: 0, reason: String(e && e.message), final: false, error: null });
      this.retry(channel, 0);
      return;
    }
    channel.opening = false;
    if (this.closed || this.stopped) return;
    const WS = this.options.WebSocket || globalThis.WebSocket;
    const ws = new WS(url);
    channel.ws = ws;
    channel.welcomed = false;
    const seen = { refusal: null, lastError: null };
    ws.onmessage = (event) => {
      if (channel.ws !== ws) return;
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch (e) {
        return; // the service sends JSON only
      }
      this.receive(channel, ws, frame, seen);
    };
    ws.onclose = (event) => {
      if (channel.ws !== ws) return;
      this.closedBy(channel, event, seen);
    };
    // A failed handshake (refused, or not upgraded): Node 20's WebSocket reports the error but no close.
    ws.onerror = () => {
      if (channel.ws === ws && ws.readyState === 0) this.closedBy(channel, { code: 1006, reason: '' }, seen);
    };
    // A connection cut during its handshake may never say so (Node 20's WebSocket stays CONNECTING): give it up.
    channel.handshake = setTimeout(() => {
      if (channel.ws !== ws || channel.welcomed) return;
      this.closedBy(channel, { code: 1006, reason: 'no welcome' }, seen);
      ws.close();
    }, this.options.welcomeTimeoutMs);
  }

  receive(channel, ws, frame, seen) {
    if (!channel.welcomed) {
      if (frame.type === 'welcome') this.welcomed(channel, ws, frame);
      else if (frame.type === 'error') seen.refusal = frame; // the close (1008, …) follows
      return;
    }
    if (frame.type === 'error') seen.lastError = frame;
    this.emit('frame', { channel: channel.name, frame });
    if (channel.name === 'group') this.groupFrame(frame);
    else this.privateFrame(frame);
  }

  welcomed(channel, ws, frame) {
    const first = !Object.values(this.channels).some((c) => c.welcomed);
    channel.welcomed = true;
    clearTimeout(channel.handshake);
    if (frame.user) this.user = frame.user;
    if (frame.key) this.key = frame.key;
    clearTimeout(channel.stable);
    channel.stable = setTimeout(() => {
      if (channel.ws === ws) channel.attempts = 0;
    }, this.options.stableMs);
    if (first && this.options.claim && !this.options.token) this.sendOn(channel, { type: 'claim' });
    if (channel.name === 'group') {
      this.rejoin(channel);
      this.resend('group', null); // what is not for a room this connection joins again goes now
    }
    this.emit('welcome', { channel: channel.name, frame, user: this.user, key: this.key });
    for (const other of Object.values(this.channels)) {
      if (!other.opened && !this.stopped) this.open(other); // the next connection, with the key now
    }
    if (this.online) {
      this.everOnline = true;
      this.emit('online', {});
      if (this.settle) this.settle.resolve(this);
      this.settle = null;
    }
  }

  /** Every room but the path's is joined again, each from where the client was in it. */
  rejoin(channel) {
    for (const room of this.rooms) {
      if (room === this.pathRoom) continue;
      const frame = { type: 'join', room };
      Object.assign(frame, this.position({ room }));
      this.sendOn(channel, frame);
    }
  }

  closedBy(channel, event, seen) {
    const wasIn = channel.welcomed;
    channel.welcomed = false;
    channel.ws = null;
    clearTimeout(channel.stable);
    clearTimeout(channel.handshake);
    if (channel.name === 'private') this.dropRequests();
    if (this.closed) return;
    const code = event.code;
    const reason = event.reason || '';
    if (seen.refusal && seen.refusal.code === 'NAME_TAKEN' && this.retryWithOtherKey(channel)) return;
    const final = !!seen.refusal || !retries(code) || !this.options.reconnect;
    // Why a final close came: the refusal's error frame, a ban's, or what the close code says.
    const error = !final ? null : seen.refusal || (code === 4403 && seen.lastError)
      || { code: closeCodeName(code, wasIn && seen.lastError), info: reason };
    this.emit('close', { channel: channel.name, code, reason, final, error, wasIn });
    if (wasIn && this.everOnline) this.emit('offline', { channel: channel.name });
    if (final) this.stop(error);
    else this.retry(channel, code);
  }

  /** Another tab of the person may have taken the name a moment ago: its key, if the key option gives it, goes. */
  retryWithOtherKey(channel) {
    if (typeof this.options.key !== 'function' || this.options.token) return false;
    const key = this.options.key();
    if (!key || key === channel.presented) return false;
    this.key = key;
    this.open(channel);
    return true;
  }

  /** Stops retrying every connection, until `reconnect()`; a first connect that never got in fails. */
  stop(error) {
    this.stopped = true;
    for (const channel of Object.values(this.channels)) clearTimeout(channel.timer);
    if (this.settle) {
      this.settle.reject(new ChatError(error));
      this.settle = null;
    }
  }

  retry(channel, code) {
    let delay = retryDelay(channel.attempts, this.options.random);
    if (code === GOING_AWAY) {
      const now = Date.now();
      if (this.drainReturnAt <= now) this.drainReturnAt = now + drainDelay(this.options.random);
      delay = this.drainReturnAt - now;
    }
    channel.attempts++;
    this.emit('reconnecting', { channel: channel.name, attempt: channel.attempts, delay, code });
    this.schedule(channel, delay);
  }

  schedule(channel, delay) {
    clearTimeout(channel.timer);
    channel.timer = setTimeout(() => {
      if (!this.closed && !this.stopped) this.open(channel);
    }, delay);
  }

  // ---- frames from the service -----------------------------------------------------------------------------------

  groupFrame(frame) {
    const channel = 'group';
    switch (frame.type) {
      case 'presence': {
        const room = roomName(frame.room);
        if (!this.pathRoom) this.pathRoom = room;
        this.rooms.add(room);
        this.emit('presence', { channel, frame, room });
        this.resend('group', room); // in the room again: what it did not acknowledge goes again
        break;
      }
      case 'message':
        this.message(channel, roomStream(frame.room), frame, { room: frame.room });
        break;
      case 'edited':
      case 'deleted':
        this.changed(channel, roomStream(frame.room), frame, { room: frame.room });
        break;
      case 'history':
        this.historyClosed(channel, roomStream(frame.room), frame, { room: frame.room });
        break;
      default:
        this.common(channel, frame);
    }
  }

  privateFrame(frame) {
    const channel = 'private';
    switch (frame.type) {
      case 'presence':
        this.emit('presence', { channel, frame });
        if (this.watched && this.watchedOn !== this.channels.private.ws) {
          this.watchedOn = this.channels.private.ws;
          this.sendOn(this.channels.private, { type: 'watch', users: this.watched });
        }
        this.recoverConversations();
        this.resend('private');
        break;
      case 'message':
      case 'edited':
      case 'deleted': {
        const peer = this.peerOf(frame);
        const request = frame.history && this.headRequest(peer);
        if (request && request.kind === 'page') {
          request.messages.push(frame); // an older page the application asked for
        } else if (frame.type === 'message') {
          this.message(channel, userStream(peer), frame, { peer }, !!frame.history); // recovered, or the mailbox's
        } else {
          this.changed(channel, userStream(peer), frame, { peer });
        }
        break;
      }
      case 'history':
        if (frame.with_user) this.privateHistoryClosed(frame);
        else this.emit('history', { channel, frame, mailbox: !!frame.mailbox });
        break;
      default:
        this.common(channel, frame);
    }
  }

  /** Frames both channels treat alike: acks, errors and whatever else, each as the event of its type. */
  common(channel, frame) {
    if (frame.type === 'ack') {
      const request = this.pending.get(frame.cid);
      if (!request) return; // answered already: an ack comes once per cid
      this.pending.delete(frame.cid);
      this.emit('ack', { channel, frame, cid: frame.cid, status: frame.status });
      request.resolve(frame);
      return;
    }
    if (frame.type === 'error') {
      const request = frame.cid && this.pending.get(frame.cid);
      if (request) this.pending.delete(frame.cid);
      this.emit('error', { channel, frame, code: frame.code, cid: frame.cid });
      if (request) request.reject(new ChatError(frame));
      return;
    }
    const extra = frame.room ? { room: frame.room } : {};
    this.emit(frame.type, Object.assign({ channel, frame }, extra));
  }

  peerOf(frame) {
    return frame.from_user === this.user ? frame.to_user : frame.from_user;
  }

  positionOf(stream) {
    let position = this.positions.get(stream);
    if (!position) {
      position = new Position();
      this.positions.set(stream, position);
    }
    return position;
  }

  streamOf(target) {
    if (target.room != null) return roomStream(target.room);
    if (target.user != null) return userStream(target.user);
    throw new TypeError('a target is { room } or { user }');
  }

  /** A kept entry of a stream, at `offset`: false if it came already; a new epoch resets the stream first. */
  track(stream, offset, epoch, live, where) {
    const position = this.positionOf(stream);
    if (position.epoch && epoch !== position.epoch) {
      position.restart(epoch, null);
      this.emit('reset', Object.assign({ stream, epoch, offset: null }, where));
    }
    if (position.has(offset)) return false;
    position.epoch = epoch;
    position.add(offset, live);
    return true;
  }

  /**
   * A message, live or from history. `fresh`: new to this client (live, or missed while it was away), as opposed
   * to earlier history shown for context.
   */
  message(channel, stream, frame, where, missed = false) {
    let fresh = !frame.history || missed;
    if (isKept(frame.offset, frame.epoch)) {
      const before = this.positions.get(stream);
      const known = before && before.epoch === frame.epoch && before.offset !== null;
      if (!this.track(stream, frame.offset, frame.epoch, !frame.history, where)) return;
      if (frame.history && known) fresh = true;
    }
    this.emit('message', Object.assign({ channel, frame, stream, fresh }, where));
  }

  /** An edit or a delete: its own entry of the stream, at `change_offset`. */
  changed(channel, stream, frame, where) {
    if (isKept(frame.change_offset, frame.epoch)
      && !this.track(stream, frame.change_offset, frame.epoch, !frame.history, where)) return;
    this.emit(frame.type, Object.assign({ channel, frame, stream }, where));
  }

  /** The end of a run of history: after a join, a recovery. `recovered: false` resets the stream. */
  historyClosed(channel, stream, frame, where) {
    const position = this.positionOf(stream);
    const newest = typeof frame.offset === 'number' ? frame.offset : 0;
    const lost = frame.recovered === false || (frame.epoch && position.epoch && frame.epoch !== position.epoch);
    if (lost) {
      position.restart(frame.epoch, newest);
      this.emit('reset', Object.assign({ stream, epoch: position.epoch, offset: newest }, where));
    } else {
      if (frame.epoch) position.epoch = frame.epoch;
      position.reach(newest);
    }
    this.emit('history', Object.assign({ channel, frame, stream, recovered: frame.recovered }, where));
  }

  privateHistoryClosed(frame) {
    const peer = frame.with_user;
    const request = this.headRequest(peer);
    if (request) this.requests.get(this.requestKey(peer)).shift();
    if (request && request.kind === 'page') {
      request.resolve({ frame, epoch: frame.epoch || null, offset: frame.offset, messages: request.messages });
      return;
    }
    this.historyClosed('private', userStream(peer), frame, { peer });
  }

  requestKey(peer) {
    if (this.requests.has(peer)) return peer;
    for (const key of this.requests.keys()) if (key.toLowerCase() === String(peer).toLowerCase()) return key;
    return peer;
  }

  headRequest(peer) {
    const queue = this.requests.get(this.requestKey(peer));
    return queue && queue.length ? queue[0] : null;
  }

  ask(peer, request, frame) {
    const key = this.requestKey(peer);
    if (!this.requests.has(key)) this.requests.set(key, []);
    this.requests.get(key).push(request);
    this.sendOn(this.channels.private, frame);
  }

  /** On the private connection, each conversation asks for what it missed. */
  recoverConversations() {
    for (const [stream, position] of this.positions) {
      if (!stream.startsWith('user:') || !position.recovery) continue;
      const peer = stream.slice(5);
      this.ask(peer, { kind: 'recover' }, Object.assign({ type: 'history', with_user: peer }, position.recovery));
    }
  }

  /** Private history asked for on a connection that broke is not answered: pages fail, recoveries go again. */
  dropRequests() {
    for (const queue of this.requests.values()) {
      for (const request of queue) {
        if (request.kind === 'page') request.reject(new ChatError({ code: 'DISCONNECTED', info: 'disconnected' }));
      }
    }
    this.requests.clear();
  }

  // ---- sending ---------------------------------------------------------------------------------------------------

  /** Sends a frame as it is, now, without a cid; false if the connection ('group', 'private') is not open. */
  send(channelName, frame) {
    return this.sendOn(this.channels[channelName], frame);
  }

  sendOn(channel, frame) {
    const ws = channel && channel.ws;
    if (!ws || !channel.welcomed || ws.readyState !== 1) return false;
    ws.send(JSON.stringify(frame));
    return true;
  }

  /** A fresh cid: unique for this client. */
  nextCid() {
    this.cidCount++;
    return this.cidPrefix + '-' + this.cidCount;
  }

  /**
   * Sends a frame with a cid and keeps it until the service answers: sent again, same cid, on the next connection
   * if this one breaks first (the service keeps a message once per cid). Resolves with the `ack`, rejects with a
   * ChatError for the `error` frame that names the cid.
   * @returns {Promise<object> & { cid: string }}
   */
  request(channelName, frame) {
    const channel = this.channels[channelName];
    if (!channel) return Object.assign(Promise.reject(new TypeError('no ' + channelName + ' channel')), { cid: null });
    const cid = frame.cid || this.nextCid();
    const json = JSON.stringify(Object.assign({}, frame, { cid }));
    // A message, an edit, … for a room waits until the connection is in the room again; a join or leave does not.
    const inRoom = frame.room != null && frame.type !== 'join' && frame.type !== 'leave';
    const request = { channel: channelName, room: inRoom ? roomName(frame.room) : null, json, sentOn: null };
    const promise = new Promise((resolve, reject) => {
      request.resolve = resolve;
      request.reject = reject;
    });
    this.pending.set(cid, request);
    if (channel.welcomed && channel.ws && channel.ws.readyState === 1) this.transmit(channel, request);
    return Object.assign(promise, { cid });
  }

  transmit(channel, request) {
    request.sentOn = channel.ws;
    channel.ws.send(request.json);
  }

  /**
   * What was not acknowledged on an earlier connection (or not sent at all) goes on this one: on the group
   * connection, a room's once it is in the room again (`room`), the others' at its welcome (`room` null).
   */
  resend(channelName, room) {
    const channel = this.channels[channelName];
    for (const request of this.pending.values()) {
      if (request.channel !== channelName || request.sentOn === channel.ws) continue;
      if (channelName === 'group') {
        const rejoined = request.room !== null && this.rooms.has(request.room);
        if (room === null ? rejoined : request.room !== room) continue;
      }
      this.transmit(channel, request);
    }
  }

  /** A message to a room the group connection is in. */
  sendToRoom(room, text, extra) {
    return this.request('group', Object.assign({ room, info: text }, extra));
  }

  /** A private message. */
  sendTo(user, text, extra) {
    return this.request('private', Object.assign({ to_user: user, info: text }, extra));
  }

  /**
   * Joins a room on the group connection, from where the client was in it if it was. Once in (its `presence`
   * event), the room is joined again on every reconnect.
   */
  join(room) {
    return this.request('group', Object.assign({ type: 'join', room }, this.position({ room })));
  }

  leave(room) {
    this.rooms.delete(roomName(room));
    this.positions.delete(roomStream(room));
    return this.request('group', { type: 'leave', room });
  }

  /** Asks for a page of a room's members: the answer is a `members` event. */
  members(room, { after, limit } = {}) {
    return this.sendOn(this.channels.group, strip({ type: 'members', room, after, limit }));
  }

  /**
   * Sets (or with mode 'add'/'remove' changes) the names whose presence the private connection hears; kept and
   * sent again on every reconnect. The answer is a `watching` event, then `join`/`leave` events.
   */
  watch(users, mode = 'replace') {
    const list = new Set(this.watched || []);
    if (mode === 'replace') list.clear();
    for (const user of users) (mode === 'remove' ? list.delete(user) : list.add(user));
    this.watched = [...list];
    const frame = { type: 'watch', users: [...users] };
    if (mode !== 'replace') frame.mode = mode;
    const sent = this.sendOn(this.channels.private, frame);
    if (sent) this.watchedOn = this.channels.private.ws; // this connection watches the list now
    return sent;
  }

  /** Asks for a page of the online users whose names begin with `prefix`: the answer is a `users` event. */
  lookup(prefix, { after, limit } = {}) {
    return this.sendOn(this.channels.private, strip({ type: 'lookup', prefix, after, limit }));
  }

  /** Tells a room ({ room }) or a user ({ user }) that this user is typing. */
  typing(target) {
    if (target.room != null) return this.sendOn(this.channels.group, { type: 'typing', room: target.room });
    return this.sendOn(this.channels.private, { type: 'typing', to_user: target.user });
  }

  /**
   * A receipt for a private message this client received: 'received' (it has it) or 'read' (it showed it).
   * @param {object} message the message frame
   */
  confirm(message, kind = 'received') {
    return this.request('private',
      { type: kind, to_user: message.from_user, message_id: message.id, offset: message.offset });
  }

  /** Gives one of the user's own messages a new text: `target` is { room } or { user }. */
  edit(target, message, text) {
    return this.changeMessage(target, message, 'edit', text);
  }

  /** Removes one of the user's own messages. */
  remove(target, message) {
    return this.changeMessage(target, message, 'delete');
  }

  changeMessage(target, message, type, text) {
    const frame = { type, message_id: message.id, offset: message.offset };
    if (type === 'edit') frame.info = text;
    if (target.room != null) return this.request('group', Object.assign({ room: target.room }, frame));
    return this.request('private', Object.assign({ with_user: target.user }, frame));
  }

  claim() {
    return this.request(this.openChannelName(), { type: 'claim' });
  }

  release() {
    return this.request(this.openChannelName(), { type: 'release' });
  }

  block(user) {
    return this.request('private', { type: 'block', user });
  }

  unblock(user) {
    return this.request('private', { type: 'unblock', user });
  }

  openChannelName() {
    return this.channels.group ? 'group' : 'private';
  }

  // ---- history ---------------------------------------------------------------------------------------------------

  /**
   * A page of a room's history over REST, oldest first: the messages with an offset below `before` (all when
   * absent), at most `limit`. Resolves with { room, epoch, latest, messages }, or null when the room has none.
   */
  async roomHistory(room, { before, limit } = {}) {
    const url = this.base();
    url.protocol = url.protocol === 'wss:' ? 'https:' : url.protocol === 'ws:' ? 'http:' : url.protocol;
    url.pathname = url.pathname.replace(/\/$/, '') + '/api/rooms/' + encodeURIComponent(room) + '/messages';
    url.search = '';
    if (before != null) url.searchParams.set('before', String(before));
    if (limit != null) url.searchParams.set('limit', String(limit));
    const response = await (this.options.fetch || globalThis.fetch)(url.toString());
    if (response.status === 404) return null;
    if (!response.ok) throw new ChatError(Object.assign({ code: 'HTTP_' + response.status }, await body(response)));
    return response.json();
  }

  /**
   * A page of the private conversation with `user`, on the private connection: the newest messages, or those
   * before `before`. Resolves with { frame, epoch, offset, messages } (`frame`: the closing history frame).
   */
  privateHistory(user, { before, limit } = {}) {
    const channel = this.channels.private;
    if (!channel || !channel.welcomed) {
      return Promise.reject(new ChatError({ code: 'DISCONNECTED', info: 'the private connection is not open' }));
    }
    return new Promise((resolve, reject) => {
      this.ask(user, { kind: 'page', messages: [], resolve, reject },
        strip({ type: 'history', with_user: user, before, limit }));
    });
  }
}

/** A close code's meaning, for a final close that came without an error frame. */
function closeCodeName(code, lastError) {
  if (code === 4401) return 'TOKEN_EXPIRED';
  if (code === 4403) return 'BANNED';
  if (code === 4010) return 'KICKED';
  if (code === 1008) return lastError && lastError.code === 'RATE_LIMITED' ? 'FLOODING' : 'REFUSED';
  return 'DISCONNECTED'; // a close that could be retried, with reconnect: false
}

function strip(frame) {
  for (const key of Object.keys(frame)) if (frame[key] === undefined) delete frame[key];
  return frame;
}

async function body(response) {
  try {
    return await response.json();
  } catch (e) {
    return {};
  }
}
