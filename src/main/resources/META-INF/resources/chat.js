'use strict';
// The chat page. Each tab keeps two connections: group (rooms) and private (direct messages). The first one is
// welcomed with the name's key, which the second one and every reconnect present; the key is kept in localStorage
// for the person's other tabs. A refusal is final until the person acts; any other close is retried with backoff.
// User text and names only ever reach the page through textContent.
(function () {
  const $ = (id) => document.getElementById(id);
  const body = document.body;
  const words = $('i18n').dataset;
  const defaultRoom = body.dataset.defaultRoom;
  const maxTextBytes = Number(body.dataset.maxTextBytes);
  const maxUsernameLength = Number(body.dataset.maxUsernameLength);
  const jwtMode = body.dataset.identityMode === 'jwt';
  const nameClaim = body.dataset.nameClaim || 'sub';
  // The server's rule: letters, decimal digits and combining marks of any script, '_', '-' and '.'.
  const NAME = /^[\p{L}\p{Nd}\p{Mn}\p{Mc}_.\-]+$/u;
  const utf8 = new TextEncoder();
  const STORED_NAME = 'chat.username'; // sessionStorage: this tab's name, for a reload
  const STORED_TOKEN = 'chat.token'; // sessionStorage: this tab's token, in jwt mode
  const storedKey = (name) => 'chat.key.' + name; // localStorage: the name's key, shared with the person's other tabs
  const KINDS = ['group', 'direct'];
  const STABLE_MS = 10000; // a connection up this long after its welcome starts the backoff afresh
  const MAX_DELAY_MS = 30000;
  const UNREACHABLE_MS = 6000; // a first connection not in after this long: say the server cannot be reached
  const POLICY_VIOLATION = 1008;
  const TOKEN_EXPIRED = 4401;
  // Refusals that no retry can mend: the person goes back to the login screen. Any other refusal of a page that
  // was in (a cap, a rate limit) stops it with a notice and a "reconnect" button.
  const FINAL = new Set(['NAME_TAKEN', 'INVALID_USERNAME', 'INVALID_ROOM', 'TOKEN_REQUIRED', 'TOKEN_INVALID',
    'NAME_MISMATCH', 'TOKEN_EXPIRED']);

  const state = {
    me: null,
    key: null,
    token: null,
    sockets: { group: null, direct: null },
    welcomed: { group: false, direct: false },
    attempts: { group: 0, direct: 0 },
    retries: { group: null, direct: null },
    stable: { group: null, direct: null },
    unreachable: false,
    unreachableTimer: null,
    stopped: null,
    retryAt: 0,
    lastSent: null,
    everOnline: false,
    conversations: new Map(),
    active: null,
    online: [],
  };

  const fill = (text, values) => text.replace(/%(\w+)%/g, (all, key) => (key in values ? values[key] : all));
  const roomKey = (room) => 'room:' + room;
  const userKey = (user) => 'user:' + user;

  function nameProblem(name) {
    if (!name) return words.nameEmpty;
    if ([...name].length > maxUsernameLength) return fill(words.nameTooLong, { max: maxUsernameLength });
    if (!NAME.test(name)) return words.nameCharacters;
    // A browser resolves /groupchat/.. to /, so such a name could never connect.
    if (name === '.' || name === '..') return words.nameDots;
    return null;
  }

  // ---- conversations -------------------------------------------------------------------------------------------

  function conversation(key) {
    let c = state.conversations.get(key);
    if (!c) {
      c = { key, items: [], unread: 0 };
      state.conversations.set(key, c);
    }
    return c;
  }

  function title(key) {
    return key.startsWith('room:') ? '# ' + key.slice(5) : '@ ' + key.slice(5);
  }

  function add(key, item) {
    const c = conversation(key);
    c.items.push(item);
    if (state.active === key) {
      const list = $('messages');
      list.appendChild(render(item));
      list.scrollTop = list.scrollHeight;
    } else if (item.kind === 'message') {
      c.unread++;
    }
    renderSidebar();
  }

  function render(item) {
    const li = document.createElement('li');
    const time = document.createElement('time');
    const at = new Date(item.ts || Date.now());
    time.dateTime = at.toISOString();
    time.textContent = at.toLocaleTimeString(document.documentElement.lang, { hour: '2-digit', minute: '2-digit' });
    if (item.kind === 'message') {
      li.className = item.from === state.me ? 'message mine' : 'message';
      const from = document.createElement('span');
      from.className = 'from';
      from.textContent = item.from;
      const text = document.createElement('div');
      text.className = 'text';
      text.textContent = item.text;
      li.append(from, time, text);
    } else {
      li.className = item.kind === 'error' ? 'notice error-notice' : 'notice';
      const text = document.createElement('span');
      text.textContent = item.text;
      li.append(text, time);
    }
    return li;
  }

  function open(key) {
    const c = conversation(key);
    state.active = key;
    c.unread = 0;
    $('title').textContent = title(key);
    $('messages').replaceChildren(...c.items.map(render));
    $('messages').scrollTop = $('messages').scrollHeight;
    $('send-error').textContent = '';
    renderSidebar();
    $('content').focus();
  }

  function renderSidebar() {
    const rooms = [...state.conversations.keys()].filter((key) => key.startsWith('room:'));
    $('rooms').replaceChildren(...rooms.map((key) => entry(key, key.slice(5))));
    const users = state.online.filter((user) => user !== state.me);
    $('users').replaceChildren(...users.map((user) => entry(userKey(user), user)));
    $('nobody').hidden = users.length > 0;
  }

  function entry(key, label) {
    const li = document.createElement('li');
    const name = document.createElement('span');
    name.textContent = label;
    li.appendChild(name);
    li.dataset.key = key;
    if (key === state.active) li.classList.add('active');
    const c = state.conversations.get(key);
    if (c && c.unread) {
      const badge = document.createElement('span');
      badge.className = 'badge';
      badge.textContent = c.unread;
      li.appendChild(badge);
    }
    li.addEventListener('click', () => open(key));
    return li;
  }

  // ---- frames --------------------------------------------------------------------------------------------------

  // The page's own words for every code it can meet, never the server's English reason.
  function errorText(frame) {
    switch (frame.code) {
      case 'USER_OFFLINE': return fill(words.errorUserOffline, { user: frame.to_user });
      case 'TEXT_TOO_LONG': return words.errorTextTooLong;
      case 'EMPTY_TEXT': return words.errorEmptyText;
      case 'INVALID_ROOM': return words.errorInvalidRoom;
      case 'TOO_MANY_ROOMS': return words.errorTooManyRooms;
      case 'NOT_IN_ROOM': return words.errorNotInRoom;
      case 'RATE_LIMITED': return words.errorSendRateLimited;
      default: return fill(words.errorOther, { code: frame.code });
    }
  }

  // Why a connection was refused (the code of its error frame, or of its close), for the login screen or the notice.
  function refusalText(code, name) {
    switch (code) {
      case 'NAME_TAKEN': return fill(words.errorNameTaken, { user: name });
      case 'INVALID_USERNAME': return words.errorInvalidUsername;
      case 'TOO_MANY_CONNECTIONS': return words.errorTooManyConnections;
      case 'ADDRESS_LIMIT': return words.errorAddressLimit;
      case 'SERVER_FULL': return words.errorServerFull;
      case 'RATE_LIMITED': return words.errorConnectRateLimited;
      case 'FLOODING': return words.errorFlooding;
      case 'TOKEN_REQUIRED': return words.errorTokenRequired;
      case 'TOKEN_INVALID': return words.errorTokenInvalid;
      case 'NAME_MISMATCH': return words.errorNameMismatch;
      case 'TOKEN_EXPIRED': return words.errorTokenExpired;
      default: return words.errorRefused;
    }
  }

  function showError(frame) {
    const text = errorText(frame);
    if (frame.code === 'INVALID_ROOM' || frame.code === 'TOO_MANY_ROOMS') {
      $('join-error').textContent = text;
      const key = roomKey(frame.room);
      const c = state.conversations.get(key);
      if (c && c.items.length === 0) {
        state.conversations.delete(key);
        if (state.active === key) open(roomKey(defaultRoom));
      }
      renderSidebar();
      return;
    }
    if (frame.code === 'RATE_LIMITED') {
      // Not acted on: the message goes back into the box, unless something new was typed there.
      $('send-error').textContent = text;
      if (state.lastSent && state.lastSent.key === state.active && !$('content').value) {
        $('content').value = state.lastSent.text;
        showCounter();
      }
      return;
    }
    const key = frame.room ? roomKey(frame.room) : frame.to_user ? userKey(frame.to_user) : state.active;
    if (key) add(key, { kind: 'error', text, ts: frame.ts });
    if (key === state.active) $('send-error').textContent = text;
  }

  function onGroupFrame(frame) {
    const key = roomKey(frame.room);
    switch (frame.type) {
      case 'presence':
        conversation(key);
        if (!state.active) open(key);
        renderSidebar();
        break;
      case 'join':
        add(key, { kind: 'notice', text: fill(words.noticeJoined, { user: frame.from_user }), ts: frame.ts });
        break;
      case 'leave':
        add(key, { kind: 'notice', text: fill(words.noticeLeft, { user: frame.from_user }), ts: frame.ts });
        break;
      case 'message':
        add(key, { kind: 'message', from: frame.from_user, text: frame.info, ts: frame.ts });
        break;
      case 'error':
        showError(frame);
        break;
    }
  }

  function onDirectFrame(frame) {
    switch (frame.type) {
      case 'presence':
        state.online = frame.users;
        renderSidebar();
        break;
      case 'join':
        if (!state.online.includes(frame.from_user)) state.online = [...state.online, frame.from_user].sort();
        renderSidebar();
        break;
      case 'leave':
        state.online = state.online.filter((user) => user !== frame.from_user);
        renderSidebar();
        break;
      case 'message': {
        const peer = frame.from_user === state.me ? frame.to_user : frame.from_user;
        add(userKey(peer), { kind: 'message', from: frame.from_user, text: frame.info, ts: frame.ts });
        break;
      }
      case 'error':
        showError(frame);
        break;
    }
  }

  // ---- connections ---------------------------------------------------------------------------------------------

  function socketUrl(path) {
    return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + path;
  }

  function proof() {
    if (jwtMode) return '?access_token=' + encodeURIComponent(state.token);
    return state.key ? '?key=' + encodeURIComponent(state.key) : '';
  }

  function connect(kind) {
    clearTimeout(state.retries[kind]);
    const user = encodeURIComponent(state.me);
    const path = (kind === 'group' ? '/groupchat/' : '/privateChat/') + user;
    const ws = new WebSocket(socketUrl(path + proof()));
    const presented = state.key;
    let refusal = null;
    let lastError = null;
    state.sockets[kind] = ws;
    state.welcomed[kind] = false;
    ws.onmessage = (event) => {
      if (state.sockets[kind] !== ws) return;
      const frame = JSON.parse(event.data);
      if (state.welcomed[kind]) {
        if (frame.type === 'error') lastError = frame.code;
        (kind === 'group' ? onGroupFrame : onDirectFrame)(frame);
      } else if (frame.type === 'welcome') {
        welcomed(kind, ws, frame);
      } else if (frame.type === 'error') {
        refusal = frame; // the close (1008) follows
      }
    };
    ws.onclose = (event) => {
      if (state.sockets[kind] !== ws || !state.me) return;
      const wasIn = state.welcomed[kind];
      state.welcomed[kind] = false;
      clearTimeout(state.stable[kind]);
      if (refusal || event.code === POLICY_VIOLATION || event.code === TOKEN_EXPIRED) {
        const code = event.code === TOKEN_EXPIRED ? 'TOKEN_EXPIRED'
          : refusal ? refusal.code
          : wasIn && lastError === 'RATE_LIMITED' ? 'FLOODING' : 'REFUSED';
        refused(kind, code, presented, refusal && refusal.retry_after_ms);
        return;
      }
      showStatus();
      retry(kind);
    };
  }

  function welcomed(kind, ws, frame) {
    const first = !KINDS.some((k) => state.welcomed[k]);
    state.welcomed[kind] = true;
    if (frame.key) {
      state.key = frame.key;
      localStorage.setItem(storedKey(state.me), frame.key);
    }
    state.stable[kind] = setTimeout(() => {
      if (state.sockets[kind] === ws) state.attempts[kind] = 0;
    }, STABLE_MS);
    // Coming online (at login, or after the server came back): keep the name for this person's key.
    if (first && !jwtMode) ws.send(JSON.stringify({ type: 'claim' }));
    if (kind === 'group') {
      // The path's room is joined by the handshake; every other room this tab was in is joined again.
      for (const key of state.conversations.keys()) {
        if (key.startsWith('room:') && key !== roomKey(defaultRoom)) {
          ws.send(JSON.stringify({ type: 'join', room: key.slice(5) }));
        }
      }
    }
    for (const other of KINDS) {
      if (!state.sockets[other]) connect(other); // the second connection, now with the key
    }
    showStatus();
  }

  function retry(kind) {
    if (state.stopped || !state.me) return;
    const delay = Math.min(MAX_DELAY_MS, 500 * 2 ** Math.min(state.attempts[kind], 10)) * (0.5 + Math.random() / 2);
    state.attempts[kind]++;
    state.retries[kind] = setTimeout(() => {
      if (state.me && !state.stopped) connect(kind);
    }, delay);
  }

  function refused(kind, code, presented, retryAfterMs) {
    if (code === 'NAME_TAKEN' && !jwtMode) {
      // Another tab of this person may have taken the name a moment ago: its key is the one to present.
      const key = localStorage.getItem(storedKey(state.me));
      if (key && key !== presented) {
        state.key = key;
        connect(kind);
        return;
      }
    }
    const text = refusalText(code, state.me);
    if (FINAL.has(code) || !state.everOnline) {
      if (jwtMode && (code === 'TOKEN_EXPIRED' || code === 'TOKEN_INVALID')) sessionStorage.removeItem(STORED_TOKEN);
      logout(text, false);
      return;
    }
    // In, and then refused: stop retrying, both connections, until the person asks.
    state.stopped = text;
    state.retryAt = Date.now() + (retryAfterMs || 0);
    for (const k of KINDS) clearTimeout(state.retries[k]);
    showStatus();
  }

  function reconnect() {
    const wait = Math.max(0, state.retryAt - Date.now());
    state.stopped = null;
    for (const kind of KINDS) {
      const ws = state.sockets[kind];
      if (ws && ws.readyState <= WebSocket.OPEN) continue;
      state.attempts[kind] = 0;
      clearTimeout(state.retries[kind]);
      state.retries[kind] = setTimeout(() => {
        if (state.me && !state.stopped) connect(kind);
      }, wait);
    }
    showStatus();
  }

  function showStatus() {
    const online = KINDS.every((k) => state.welcomed[k] && state.sockets[k].readyState === WebSocket.OPEN);
    if (online) {
      state.everOnline = true;
      state.unreachable = false;
    }
    const shown = online ? 'online'
      : state.stopped ? 'stopped'
      : state.unreachable ? 'unreachable'
      : state.everOnline ? 'reconnecting' : 'connecting';
    const status = $('status');
    status.textContent = {
      online: words.statusOnline,
      stopped: words.statusStopped,
      unreachable: words.statusUnreachable,
      reconnecting: words.statusReconnecting,
      connecting: words.statusConnecting,
    }[shown];
    status.className = 'status ' + shown;
    const banner = $('banner');
    banner.hidden = shown !== 'reconnecting' && shown !== 'unreachable';
    banner.textContent = shown === 'unreachable' ? words.bannerUnreachable : words.bannerReconnecting;
    $('stopped').hidden = shown !== 'stopped';
    $('stopped-text').textContent = state.stopped || '';
  }

  function login(name) {
    state.me = name;
    if (!jwtMode) {
      sessionStorage.setItem(STORED_NAME, name);
      state.key = localStorage.getItem(storedKey(name));
      $('username').value = name;
    }
    $('me').textContent = name;
    $('login').hidden = true;
    $('app').hidden = false;
    $('login-error').textContent = '';
    state.unreachableTimer = setTimeout(() => {
      if (state.me && !state.everOnline) {
        state.unreachable = true;
        showStatus();
      }
    }, UNREACHABLE_MS);
    showStatus();
    connect('group'); // the private one follows its welcome, with the key
  }

  /** @param leaving the person logs out: give the name's claim up and forget its key (or, in jwt mode, the token) */
  function logout(reason, leaving) {
    if (leaving && jwtMode) {
      sessionStorage.removeItem(STORED_TOKEN);
      state.token = null;
    } else if (leaving) {
      const ws = KINDS.map((k) => state.sockets[k]).find((s, i) => s && state.welcomed[KINDS[i]]);
      if (ws) ws.send(JSON.stringify({ type: 'release' })); // sent before the close frame
      localStorage.removeItem(storedKey(state.me));
    }
    state.me = null;
    state.key = null;
    for (const kind of KINDS) {
      if (state.sockets[kind]) state.sockets[kind].close();
      clearTimeout(state.retries[kind]);
      clearTimeout(state.stable[kind]);
    }
    clearTimeout(state.unreachableTimer);
    state.sockets = { group: null, direct: null };
    state.welcomed = { group: false, direct: false };
    state.attempts = { group: 0, direct: 0 };
    state.unreachable = false;
    state.stopped = null;
    state.lastSent = null;
    state.conversations.clear();
    state.active = null;
    state.online = [];
    state.everOnline = false;
    sessionStorage.removeItem(STORED_NAME);
    $('app').hidden = true;
    $('login').hidden = false;
    $('login-error').textContent = reason || '';
    if (!jwtMode) $('username').focus();
  }

  // A sibling tab that logs out forgets the name's key; while this tab is still in under the name, it keeps it.
  window.addEventListener('storage', (event) => {
    if (state.me && state.key && event.key === storedKey(state.me) && event.newValue === null) {
      localStorage.setItem(event.key, state.key);
    }
  });

  // ---- jwt mode ------------------------------------------------------------------------------------------------

  /** The token handed over in the address (#access_token=…), which then leaves the address bar and history. */
  function tokenFromAddress() {
    const match = /(?:^|&)access_token=([^&]*)/.exec(location.hash.slice(1));
    if (!match) return null;
    history.replaceState(null, '', location.pathname + location.search);
    return decodeURIComponent(match[1]);
  }

  /** The token's payload, read (not verified: the server does that) from its middle part. */
  function tokenPayload(token) {
    try {
      const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      const binary = atob(part + '='.repeat((4 - (part.length % 4)) % 4));
      return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
    } catch (e) {
      return null;
    }
  }

  function loginWithToken() {
    const fresh = tokenFromAddress();
    if (fresh) sessionStorage.setItem(STORED_TOKEN, fresh);
    const token = fresh || sessionStorage.getItem(STORED_TOKEN);
    if (!token) {
      $('login-error').textContent = words.errorTokenRequired;
      return;
    }
    const payload = tokenPayload(token);
    const name = payload && payload[nameClaim];
    if (typeof name !== 'string' || !name) {
      sessionStorage.removeItem(STORED_TOKEN);
      $('login-error').textContent = words.errorTokenInvalid;
      return;
    }
    if (typeof payload.exp === 'number' && payload.exp * 1000 <= Date.now()) {
      sessionStorage.removeItem(STORED_TOKEN);
      $('login-error').textContent = words.errorTokenExpired;
      return;
    }
    state.token = token;
    login(name);
  }

  // ---- input ---------------------------------------------------------------------------------------------------

  function textBytes() {
    return utf8.encode($('content').value).length;
  }

  function showCounter() {
    const used = textBytes();
    const counter = $('counter');
    counter.hidden = used < maxTextBytes * 0.8;
    counter.textContent = fill(words.counter, { used, max: maxTextBytes });
    counter.classList.toggle('over', used > maxTextBytes);
    $('send-btn').disabled = used > maxTextBytes;
  }

  $('login-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const name = $('username').value.trim();
    const problem = nameProblem(name);
    $('login-error').textContent = problem || '';
    if (!problem) login(name);
  });

  $('logout-btn').addEventListener('click', () => logout(jwtMode ? words.loggedOutToken : '', true));
  $('reconnect-btn').addEventListener('click', reconnect);

  $('send-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = $('content').value;
    if (!text.trim() || !state.active || textBytes() > maxTextBytes) return;
    const group = state.active.startsWith('room:');
    const ws = state.sockets[group ? 'group' : 'direct'];
    if (!ws || ws.readyState !== WebSocket.OPEN) return; // Kept in the box until the connection is back.
    const target = state.active.slice(5);
    ws.send(JSON.stringify(group ? { room: target, info: text } : { to_user: target, info: text }));
    state.lastSent = { key: state.active, text };
    $('content').value = '';
    $('send-error').textContent = '';
    showCounter();
  });

  $('content').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      $('send-form').requestSubmit();
    }
  });
  $('content').addEventListener('input', showCounter);

  $('join-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const room = $('join-room').value.trim();
    $('join-error').textContent = '';
    if (!room || !state.sockets.group || state.sockets.group.readyState !== WebSocket.OPEN) return;
    state.sockets.group.send(JSON.stringify({ type: 'join', room }));
    $('join-room').value = '';
    open(roomKey(room));
  });

  if (jwtMode) {
    for (const id of ['username-label', 'username', 'login-btn']) $(id).hidden = true;
    loginWithToken();
    // A new token handed to this tab (a link followed again): log in with it.
    window.addEventListener('hashchange', () => {
      if (!/access_token=/.test(location.hash)) return;
      if (state.me) logout('', false);
      loginWithToken();
    });
  } else {
    const remembered = sessionStorage.getItem(STORED_NAME);
    if (remembered && !nameProblem(remembered)) login(remembered);
  }
})();
