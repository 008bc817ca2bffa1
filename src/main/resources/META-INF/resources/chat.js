'use strict';
// The chat page. Each tab keeps two connections: group (rooms) and private (direct messages), and reconnects them
// with backoff. User text and names only ever reach the page through textContent.
(function () {
  const $ = (id) => document.getElementById(id);
  const body = document.body;
  const words = $('i18n').dataset;
  const defaultRoom = body.dataset.defaultRoom;
  const maxTextBytes = Number(body.dataset.maxTextBytes);
  const maxUsernameLength = Number(body.dataset.maxUsernameLength);
  // The server's rule: letters, decimal digits and combining marks of any script, '_', '-' and '.'.
  const NAME = /^[\p{L}\p{Nd}\p{Mn}\p{Mc}_.\-]+$/u;
  const utf8 = new TextEncoder();
  const STORED_NAME = 'chat.username';

  const state = {
    me: null,
    sockets: { group: null, direct: null },
    attempts: { group: 0, direct: 0 },
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

  function errorText(frame) {
    if (frame.code === 'USER_OFFLINE') return fill(words.errorUserOffline, { user: frame.to_user });
    if (frame.code === 'TEXT_TOO_LONG') return words.errorTextTooLong;
    return frame.info;
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

  function connect(kind) {
    const user = encodeURIComponent(state.me);
    const ws = new WebSocket(socketUrl(kind === 'group' ? '/groupchat/' + user : '/privateChat/' + user));
    state.sockets[kind] = ws;
    ws.onopen = () => {
      state.attempts[kind] = 0;
      if (kind === 'group') {
        // The path's room is joined by the handshake; every other room this tab was in is joined again.
        for (const key of state.conversations.keys()) {
          if (key.startsWith('room:') && key !== roomKey(defaultRoom)) {
            ws.send(JSON.stringify({ type: 'join', room: key.slice(5) }));
          }
        }
      }
      showStatus();
    };
    ws.onmessage = (event) => (kind === 'group' ? onGroupFrame : onDirectFrame)(JSON.parse(event.data));
    ws.onclose = (event) => {
      if (state.sockets[kind] !== ws || !state.me) return;
      if (event.code === 1008) {
        logout(event.reason);
        return;
      }
      showStatus();
      const delay = Math.min(8000, 500 * 2 ** state.attempts[kind]) * (0.5 + Math.random() / 2);
      state.attempts[kind]++;
      setTimeout(() => {
        if (state.sockets[kind] === ws && state.me) connect(kind);
      }, delay);
    };
  }

  function showStatus() {
    const online = Object.values(state.sockets).every((ws) => ws && ws.readyState === WebSocket.OPEN);
    if (online) state.everOnline = true;
    const status = $('status');
    status.textContent = online ? words.statusOnline : state.everOnline ? words.statusReconnecting : words.statusConnecting;
    status.className = 'status ' + (online ? 'online' : state.everOnline ? 'reconnecting' : 'connecting');
    $('banner').hidden = online || !state.everOnline;
  }

  function login(name) {
    state.me = name;
    sessionStorage.setItem(STORED_NAME, name);
    $('me').textContent = name;
    $('login').hidden = true;
    $('app').hidden = false;
    $('login-error').textContent = '';
    showStatus();
    connect('group');
    connect('direct');
  }

  function logout(reason) {
    state.me = null;
    for (const ws of Object.values(state.sockets)) if (ws) ws.close();
    state.sockets = { group: null, direct: null };
    state.conversations.clear();
    state.active = null;
    state.online = [];
    state.everOnline = false;
    sessionStorage.removeItem(STORED_NAME);
    $('app').hidden = true;
    $('login').hidden = false;
    $('login-error').textContent = reason || '';
    $('username').focus();
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

  $('logout-btn').addEventListener('click', () => logout(''));

  $('send-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = $('content').value;
    if (!text.trim() || !state.active || textBytes() > maxTextBytes) return;
    const group = state.active.startsWith('room:');
    const ws = state.sockets[group ? 'group' : 'direct'];
    if (!ws || ws.readyState !== WebSocket.OPEN) return; // Kept in the box until the connection is back.
    const target = state.active.slice(5);
    ws.send(JSON.stringify(group ? { room: target, info: text } : { to_user: target, info: text }));
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

  const remembered = sessionStorage.getItem(STORED_NAME);
  if (remembered && !nameProblem(remembered)) login(remembered);
})();
