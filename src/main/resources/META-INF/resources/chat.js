'use strict';
// The chat page: one group connection (rooms) and one private connection (direct messages) per tab.
// User text only ever reaches the page through textContent.
(function () {
  const body = document.body;
  const defaultRoom = body.dataset.defaultRoom;
  const maxUsernameLength = Number(body.dataset.maxUsernameLength);
  const NAME = /^[\p{L}\p{N}\p{M}_.\-]+$/u;
  const $ = (id) => document.getElementById(id);

  const state = { me: null, group: null, direct: null, conversations: new Map(), active: null, online: [] };

  function wsUrl(path) {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return scheme + '//' + location.host + path;
  }

  function nameProblem(name) {
    if (!name) return 'Enter a name.';
    if ([...name].length > maxUsernameLength) return 'A name has at most ' + maxUsernameLength + ' characters.';
    if (!NAME.test(name)) return "A name may contain only letters, digits, '_', '-' and '.'.";
    return null;
  }

  function conversation(key, title) {
    let c = state.conversations.get(key);
    if (!c) {
      c = { key, title, items: [], unread: 0, members: [] };
      state.conversations.set(key, c);
    }
    return c;
  }

  function add(key, title, item) {
    const c = conversation(key, title);
    c.items.push(item);
    if (state.active === key) {
      $('messages').appendChild(render(item));
      $('messages').lastChild.scrollIntoView({ block: 'end' });
    } else if (item.kind === 'message') {
      c.unread++;
    }
    renderLists();
  }

  function render(item) {
    const li = document.createElement('li');
    const time = document.createElement('time');
    time.textContent = new Date(item.ts || Date.now()).toLocaleTimeString();
    if (item.kind === 'message') {
      if (item.from === state.me) li.className = 'mine';
      const from = document.createElement('span');
      from.className = 'from';
      from.textContent = item.from;
      li.append(from, document.createTextNode(item.text), time);
    } else {
      li.className = 'notice';
      li.append(document.createTextNode(item.text), time);
    }
    return li;
  }

  function open(key) {
    const c = state.conversations.get(key);
    state.active = key;
    c.unread = 0;
    $('title').textContent = c.title;
    $('messages').replaceChildren(...c.items.map(render));
    $('send-error').textContent = '';
    renderLists();
    $('content').focus();
  }

  function renderLists() {
    const rooms = [...state.conversations.values()].filter((c) => c.key.startsWith('room:'));
    $('rooms').replaceChildren(...rooms.map((c) => entry(c.key, '# ' + c.title.slice(1), c.unread)));
    const users = state.online.filter((u) => u !== state.me);
    $('users').replaceChildren(...users.map((u) => {
      const c = state.conversations.get('user:' + u);
      return entry('user:' + u, u, c ? c.unread : 0, u);
    }));
  }

  function entry(key, label, unread, user) {
    const li = document.createElement('li');
    li.textContent = label;
    li.dataset.key = key;
    if (key === state.active) li.classList.add('active');
    if (unread) {
      const badge = document.createElement('span');
      badge.className = 'badge';
      badge.textContent = unread;
      li.appendChild(badge);
    }
    li.addEventListener('click', () => {
      if (user) conversation(key, '@' + user);
      open(key);
    });
    return li;
  }

  function showError(frame, fallbackKey) {
    const key = frame.room ? 'room:' + frame.room : frame.to_user ? 'user:' + frame.to_user : fallbackKey;
    if (key && state.conversations.has(key)) {
      add(key, state.conversations.get(key).title, { kind: 'notice', text: '⚠ ' + frame.info, ts: frame.ts });
    }
    if (!key || key === state.active) $('send-error').textContent = frame.info;
  }

  function onGroupFrame(frame) {
    const key = 'room:' + frame.room;
    const title = '#' + frame.room;
    switch (frame.type) {
      case 'presence':
        conversation(key, title).members = frame.users;
        if (!state.active) open(key);
        renderLists();
        break;
      case 'join':
      case 'leave':
        add(key, title, { kind: 'notice', text: frame.from_user + ' ' + frame.info, ts: frame.ts });
        break;
      case 'message':
        add(key, title, { kind: 'message', from: frame.from_user, text: frame.info, ts: frame.ts });
        break;
      case 'error':
        showError(frame, state.active);
        break;
    }
  }

  function onDirectFrame(frame) {
    switch (frame.type) {
      case 'presence':
        state.online = frame.users;
        renderLists();
        break;
      case 'join':
        if (!state.online.includes(frame.from_user)) state.online = [...state.online, frame.from_user].sort();
        renderLists();
        break;
      case 'leave':
        state.online = state.online.filter((u) => u !== frame.from_user);
        renderLists();
        break;
      case 'message': {
        const peer = frame.from_user === state.me ? frame.to_user : frame.from_user;
        add('user:' + peer, '@' + peer, { kind: 'message', from: frame.from_user, text: frame.info, ts: frame.ts });
        break;
      }
      case 'error':
        showError(frame, state.active);
        break;
    }
  }

  function connect(path, onFrame, attempt) {
    const ws = new WebSocket(wsUrl(path));
    ws.onopen = () => { attempt = 0; setStatus(); };
    ws.onmessage = (event) => onFrame(JSON.parse(event.data));
    ws.onclose = (event) => {
      if (event.code === 1008) {
        logout(event.reason || 'The server refused this name.');
        return;
      }
      if (!state.me) return;
      setStatus();
      const delay = Math.min(30000, 500 * 2 ** attempt) * (0.5 + Math.random() / 2);
      setTimeout(() => { if (state.me) reconnect(path, onFrame, attempt + 1); }, delay);
    };
    return ws;
  }

  function reconnect(path, onFrame, attempt) {
    const ws = connect(path, onFrame, attempt);
    if (path.startsWith('/groupchat/')) {
      state.group = ws;
      // Rejoin every room this tab was in; the path's room is joined by the handshake itself.
      ws.addEventListener('open', () => {
        for (const c of state.conversations.values()) {
          if (c.key.startsWith('room:') && c.key !== 'room:' + defaultRoom) {
            ws.send(JSON.stringify({ type: 'join', room: c.key.slice(5) }));
          }
        }
      });
    } else {
      state.direct = ws;
    }
  }

  function setStatus() {
    const online = [state.group, state.direct].every((ws) => ws && ws.readyState === WebSocket.OPEN);
    $('status').textContent = online ? 'online' : 'reconnecting';
    $('status').classList.toggle('online', online);
  }

  function login(name) {
    state.me = name;
    sessionStorage.setItem('chat.username', name);
    $('me').textContent = name;
    $('login').hidden = true;
    $('app').hidden = false;
    const user = encodeURIComponent(name);
    reconnect('/groupchat/' + user, onGroupFrame, 0);
    reconnect('/privateChat/' + user, onDirectFrame, 0);
  }

  function logout(reason) {
    state.me = null;
    for (const ws of [state.group, state.direct]) if (ws) ws.close();
    state.conversations.clear();
    state.active = null;
    sessionStorage.removeItem('chat.username');
    $('app').hidden = true;
    $('login').hidden = false;
    $('login-error').textContent = reason;
  }

  $('login-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const name = $('username').value.trim();
    const problem = nameProblem(name);
    $('login-error').textContent = problem || '';
    if (!problem) login(name);
  });

  $('send-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = $('content').value;
    if (!text.trim() || !state.active) return;
    if (state.active.startsWith('room:')) {
      state.group.send(JSON.stringify({ from_user: state.me, room: state.active.slice(5), info: text }));
    } else {
      state.direct.send(JSON.stringify({ from_user: state.me, to_user: state.active.slice(5), info: text }));
    }
    $('content').value = '';
    $('send-error').textContent = '';
  });

  $('content').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      $('send-form').requestSubmit();
    }
  });

  $('join-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const room = $('join-room').value.trim();
    if (!room) return;
    state.group.send(JSON.stringify({ type: 'join', room }));
    conversation('room:' + room, '#' + room);
    $('join-room').value = '';
    open('room:' + room);
  });

  const remembered = sessionStorage.getItem('chat.username');
  if (remembered && !nameProblem(remembered)) login(remembered);
})();
