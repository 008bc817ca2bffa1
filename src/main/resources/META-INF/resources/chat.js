// The chat page: the view of a ChatClient (/js/chat-client.js), which keeps the tab's two connections, group (rooms)
// and private (direct messages), presents the name's key (kept in localStorage for the person's other tabs) or the
// token, reconnects with back-off, recovers what was missed and sends again what was not acknowledged. A refusal is
// final until the person acts. User text and names only ever reach the page through textContent.
// Each room and private conversation shows its stream of the server's history: its recent messages when it opens,
// older pages as the reader scrolls up, and after a reconnect exactly what was missed (docs/protocol.md, "History,
// offsets and recovery"). Messages go out with a cid and show as pending until their ack; the page's own private
// messages show ticks for sent, delivered and read.
// The people list is the person's private conversations (kept in localStorage under the name), with a dot that says
// who of them is online: the private connection watches them (docs/protocol.md, "Presence"), and a search box finds
// other people online by the beginning of their names, a page at a time.
// Both connections ask for typing notices (?typing=true): the page says who is typing in the open room or
// conversation, and tells the others while its person types, at most once per the service's interval.
import { ChatClient, backoff } from '/js/chat-client.js';

// The back-off the page reconnects with, for a look from the console: ChatBackoff.retryDelay(3).
window.ChatBackoff = backoff;

{
  const $ = (id) => document.getElementById(id);
  const body = document.body;
  const words = $('i18n').dataset;
  const defaultRoom = body.dataset.defaultRoom;
  const maxTextBytes = Number(body.dataset.maxTextBytes);
  const maxUsernameLength = Number(body.dataset.maxUsernameLength);
  const maxWatch = Number(body.dataset.maxWatch) || 200;
  // How long after sending it a person may edit or delete their own message (chat.messages.edit-window).
  const editWindowMs = Number(body.dataset.editWindowMs) || 0;
  const jwtMode = body.dataset.identityMode === 'jwt';
  const nameClaim = body.dataset.nameClaim || 'sub';
  // The server's rule: letters, decimal digits and combining marks of any script, '_', '-' and '.'.
  const NAME = /^[\p{L}\p{Nd}\p{Mn}\p{Mc}_.\-]+$/u;
  const utf8 = new TextEncoder();
  const STORED_NAME = 'chat.username'; // sessionStorage: this tab's name, for a reload
  const STORED_TOKEN = 'chat.token'; // sessionStorage: this tab's token, in jwt mode
  const storedKey = (name) => 'chat.key.' + name; // localStorage: the name's key, shared with the person's other tabs
  const storedPeople = (name) => 'chat.people.' + name; // localStorage: the name's conversations, newest first
  const SEARCH_DELAY_MS = 250; // typing in the search box asks once it pauses this long
  const SEARCH_PAGE = 20;
  const UNREACHABLE_MS = 6000; // a first connection not in after this long: say the server cannot be reached
  const PAGE = 50; // messages asked for when paging back
  const NEAR_EDGE_PX = 48; // scrolled this close to the top, the page loads older messages
  const RECEIPT_BURST = 5; // receipts sent at once, then RECEIPT_RATE a second
  const RECEIPT_RATE = 4;
  // The service passes one typing notice per connection and target per interval; the page sends a little less often,
  // so that none of its notices is dropped on the way.
  const TYPING_SEND_MS = (Number(body.dataset.typingIntervalMs) || 2000) + 100;
  const TYPING_SHOWN_MS = 3000; // someone is shown as typing this long after their last notice
  // Refusals that no retry can mend: the person goes back to the login screen. Any other refusal of a page that
  // was in (a cap, a rate limit) stops it with a notice and a "reconnect" button.
  const FINAL = new Set(['NAME_TAKEN', 'INVALID_USERNAME', 'INVALID_ROOM', 'TOKEN_REQUIRED', 'TOKEN_INVALID',
    'NAME_MISMATCH', 'TOKEN_EXPIRED']);

  const state = {
    me: null,
    token: null,
    client: null, // the ChatClient of the person logged in
    unreachable: false,
    unreachableTimer: null,
    stopped: null,
    retryAt: 0,
    lastSent: null,
    everOnline: false,
    conversations: new Map(),
    active: null,
    people: [], // the people this name has private conversations with, newest first
    peopleOnline: new Set(), // those of them online, as the watch says
    watchable: true, // false once a server refused watch (an older one), or presence is private there
    presencePrivate: false,
    search: { prefix: '', next: null, results: [], timer: null },
    renderPending: false,
    privateHistory: true, // false once a server refused private history requests
    receipts: true, // false once a server refused receipts
    pending: new Map(), // cid → the placeholder of a message sent and not yet acknowledged
    outbox: [], // receipts waiting for their turn
    outboxTimer: null,
    receiptTokens: RECEIPT_BURST,
    receiptTokensAt: 0,
    typing: new Map(), // conversation key → Map(user → the timer that stops showing them as typing)
    typingSent: new Map(), // conversation key → when this tab last said its person types there
    typingTaken: true, // false once a server refused typing frames
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
  // A conversation (a room, or the private conversation with one user) shows one stream of the server's history.
  // A message the server keeps carries its stream's epoch and offset (1, 2, 3, … with no gaps). The page remembers
  // the offsets it shows, so that it never shows one twice, keeps them in offset order, and knows up to where it has
  // every message (`offset`): a reconnect asks to go on from there. Messages without an offset (an older server) are
  // shown as they come.

  function conversation(key) {
    let c = state.conversations.get(key);
    if (!c) {
      c = {
        key,
        items: [],
        unread: 0,
        epoch: null, // the stream's epoch, once a message or a history frame told it
        offset: null, // every message up to this offset is shown, or was passed over as older history
        seen: new Set(), // the offsets shown, in `epoch`
        oldest: null, // paging back asks for what is before this offset
        complete: false, // nothing is before `oldest`
        loading: false, // a page of older messages is on its way
        held: new Map(), // id → {frame, fresh}: this tab's own message, back before its ack, its placeholder shown
        readUpTo: 0, // the offset of the newest message a read receipt was sent for
        deliveredAt: 0, // the peer has every message up to this offset
        readAt: 0, // the peer has read every message up to this offset
        count: null, // a room's members, over the whole service
        members: [], // a room's members known to the page, in name order: the first page and those paged in
        next: null, // where the room's next page of members begins, when there are more
        askedMembers: false, // a page of members is on its way
      };
      state.conversations.set(key, c);
    }
    return c;
  }

  const isRoom = (key) => key.startsWith('room:');
  const channelOf = (key) => (isRoom(key) ? 'group' : 'private');
  const kept = (frame) => typeof frame.offset === 'number' && typeof frame.epoch === 'string';

  function title(key) {
    return isRoom(key) ? '# ' + key.slice(5) : '@ ' + key.slice(5);
  }

  /** Puts the item in its place: by offset among kept messages, at the end otherwise. True if it went at the end. */
  function place(c, item) {
    let at = c.items.length;
    if (item.offset != null) {
      for (let i = c.items.length - 1; i >= 0; i--) {
        const other = c.items[i];
        if (other.offset == null) continue;
        if (other.offset < item.offset) break;
        at = i;
      }
    }
    c.items.splice(at, 0, item);
    return at === c.items.length - 1;
  }

  function show(c, item) {
    const last = place(c, item);
    if (state.active !== c.key) return;
    if (last && !state.renderPending) {
      const list = $('messages');
      const atBottom = nearBottom(list);
      list.appendChild(render(item));
      if (atBottom || item.from === state.me) list.scrollTop = list.scrollHeight;
    } else {
      renderLater();
    }
  }

  function drop(c, item) {
    const at = c.items.indexOf(item);
    if (at >= 0) c.items.splice(at, 1);
    if (item.li) item.li.remove();
  }

  function refresh(item) {
    if (item.li && item.li.isConnected) item.li.replaceWith(render(item));
  }

  function nearBottom(list) {
    return list.scrollHeight - list.scrollTop - list.clientHeight < NEAR_EDGE_PX * 2;
  }

  /** Notes a kept message as shown; `first` takes its offset as the start of what this page has. */
  function track(c, offset, first) {
    c.seen.add(offset);
    if (c.oldest === null || offset < c.oldest) c.oldest = offset;
    if (c.oldest <= 1) c.complete = true;
    if (c.offset === null && first) c.offset = offset;
    advance(c);
  }

  function advance(c) {
    if (c.offset === null) return;
    while (c.seen.has(c.offset + 1)) c.offset++;
  }

  /** The stream's history was lost (a new epoch): what the page shows of it is gone; what it is sending stays. */
  function restart(c, epoch) {
    c.items = c.items.filter((item) => item.cid && !item.id);
    c.seen.clear();
    c.held.clear();
    c.epoch = epoch || null;
    c.offset = null;
    c.oldest = null;
    c.complete = false;
    c.unread = 0;
    c.readUpTo = c.deliveredAt = c.readAt = 0;
    if (state.active === c.key) renderLater();
  }

  /**
   * A message frame for the conversation `key`: `fresh` when it is new to this page (live, or missed while away),
   * not older history.
   */
  function receive(key, frame, fresh) {
    if (!frame.history) stoppedTyping(key, frame.from_user); // what they typed has come
    const c = conversation(key);
    const keptFrame = kept(frame);
    if (keptFrame) {
      if (c.epoch && frame.epoch !== c.epoch) restart(c, frame.epoch);
      if (c.seen.has(frame.offset) || c.held.has(frame.id)) return; // shown already
      c.epoch = frame.epoch;
    }
    if (keptFrame && frame.from_user === state.me && placeholder(c, frame.info)) {
      c.held.set(frame.id, { frame, fresh }); // its placeholder shows it until the ack says which one it is
      return;
    }
    showFrame(c, frame, fresh, {});
    if (fresh && frame.from_user !== state.me) {
      if (state.active !== key) c.unread++;
      if (!isRoom(key) && keptFrame && frame.id) {
        queueReceipt({ type: 'received', to_user: frame.from_user, message_id: frame.id, offset: frame.offset });
      }
    }
    markRead(c);
    renderSidebar();
  }

  /**
   * An edit or a delete of a message, live or from history: it has its own place in the stream (`change_offset`),
   * which the page tracks as a message's offset, and it changes the message it names, if the page shows it (history
   * already gives a message in its latest form).
   */
  function receiveChange(key, frame) {
    const c = conversation(key);
    const at = frame.change_offset;
    if (typeof at === 'number' && typeof frame.epoch === 'string') {
      if (c.epoch && frame.epoch !== c.epoch) restart(c, frame.epoch);
      if (c.seen.has(at)) return;
      c.epoch = frame.epoch;
      track(c, at, !frame.history || (c.offset !== null && at > c.offset));
    }
    const item = c.items.find((other) => other.kind === 'message' && other.id === frame.message_id);
    if (!item) return;
    if (frame.type === 'deleted') {
      item.deleted = true;
      item.text = null;
    } else {
      item.edited = true;
      item.text = frame.info;
    }
    item.editing = false;
    refresh(item);
  }

  /** Whether the person may still edit or delete this message of theirs. */
  function changeable(item) {
    return item.from === state.me && item.id && item.offset != null && !item.deleted
      && editWindowMs > 0 && Date.now() - item.ts < editWindowMs;
  }

  /** Sends an edit (with the new text) or a delete of one of the person's messages; a refusal shows as an error. */
  function sendChange(item, type, text) {
    const client = state.client;
    if (!client || !client.connected(channelOf(item.key))) return false;
    const target = isRoom(item.key) ? { room: item.key.slice(5) } : { user: item.key.slice(5) };
    const change = type === 'edit' ? client.edit(target, item, text) : client.remove(target, item);
    change.catch(() => {}); // its error frame comes as an event
    return true;
  }

  function actionButton(label, className, action) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = className;
    button.textContent = label;
    button.addEventListener('click', action);
    return button;
  }

  /** The box in which the person edits their message: Enter or "Save" sends it, Escape or "Cancel" gives up. */
  function editBox(item) {
    const box = document.createElement('div');
    const input = document.createElement('textarea');
    input.className = 'edit-box';
    input.value = item.text || '';
    const stop = () => {
      item.editing = false;
      refresh(item);
    };
    const save = () => {
      const text = input.value;
      if (text.trim() && text !== item.text && !sendChange(item, 'edit', text)) return;
      stop();
    };
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        save();
      } else if (event.key === 'Escape') {
        stop();
      }
    });
    const actions = document.createElement('div');
    actions.className = 'actions';
    actions.append(actionButton(words.saveAction, 'save-edit', save), actionButton(words.cancelAction, 'cancel-edit',
      stop));
    box.append(input, actions);
    setTimeout(() => input.focus(), 0);
    return box;
  }

  function showFrame(c, frame, fresh, extra) {
    const keptFrame = kept(frame);
    show(c, Object.assign({
      kind: 'message', key: c.key, from: frame.from_user, text: frame.info, ts: frame.ts, id: frame.id,
      offset: keptFrame ? frame.offset : null, earlier: !fresh, edited: !!frame.edited, deleted: !!frame.deleted,
    }, extra));
    if (keptFrame) track(c, frame.offset, fresh);
  }

  /** The placeholder of a message with this text that this tab is sending, not yet acknowledged. */
  function placeholder(c, text) {
    return c.items.find((item) => item.cid && !item.id && item.status === 'pending' && item.text === text);
  }

  /** Own messages held back for a placeholder that is no longer waiting are shown as they are. */
  function releaseHeld(c) {
    for (const [id, held] of c.held) {
      if (!placeholder(c, held.frame.info)) {
        c.held.delete(id);
        showFrame(c, held.frame, held.fresh, {});
      }
    }
  }

  function render(item) {
    const li = document.createElement('li');
    const time = document.createElement('time');
    const at = new Date(item.ts || Date.now());
    time.dateTime = at.toISOString();
    time.textContent = at.toLocaleTimeString(document.documentElement.lang, { hour: '2-digit', minute: '2-digit' });
    if (item.kind === 'message') {
      const status = statusOf(item);
      li.className = 'message' + (item.from === state.me ? ' mine' : '') + (item.earlier ? ' earlier' : '')
        + (status ? ' ' + status : '');
      if (item.offset != null) li.dataset.offset = item.offset;
      const from = document.createElement('span');
      from.className = 'from';
      from.textContent = item.from;
      const text = document.createElement('div');
      text.className = 'text';
      text.textContent = item.deleted ? words.messageDeleted : item.text;
      if (item.deleted) li.classList.add('deleted');
      li.append(from, time);
      if (item.edited && !item.deleted) {
        const edited = document.createElement('span');
        edited.className = 'edited-mark';
        edited.textContent = words.editedMark;
        li.append(edited);
      }
      const mark = ticks(item, status);
      if (mark) li.append(mark);
      if (item.editing && changeable(item)) {
        li.append(editBox(item));
      } else {
        li.append(text);
        if (changeable(item)) {
          const actions = document.createElement('div');
          actions.className = 'actions';
          actions.append(
            actionButton(words.editAction, 'edit', () => {
              item.editing = true;
              refresh(item);
            }),
            actionButton(words.deleteAction, 'delete', () => sendChange(item, 'delete')));
          li.append(actions);
        }
      }
      if (status === 'queued') {
        const note = document.createElement('div');
        note.className = 'note';
        note.textContent = fill(words.queuedNote, { user: item.key.slice(5) });
        li.append(note);
      }
    } else {
      li.className = item.kind === 'error' ? 'notice error-notice' : 'notice';
      const text = document.createElement('span');
      text.textContent = item.text;
      li.append(text, time);
    }
    item.li = li;
    return li;
  }

  // ---- acks and receipts ---------------------------------------------------------------------------------------
  // A message goes out with a cid and shows as pending until its ack (sent, or queued for an offline addressee);
  // on a private conversation the addressee's page then says it has it (delivered) and has shown it (read).

  const RANK = { failed: 0, pending: 0, sent: 1, queued: 1, delivered: 2, read: 3 };

  /** Receipts say up to where the peer has the conversation: a stream reaches every client in offset order. */
  function statusOf(item) {
    if (item.from !== state.me || isRoom(item.key) || item.offset == null) return item.status;
    const c = state.conversations.get(item.key);
    const seen = c && item.offset <= c.readAt ? 'read' : c && item.offset <= c.deliveredAt ? 'delivered' : null;
    return seen && RANK[seen] > (RANK[item.status] || 0) ? seen : item.status;
  }

  function ticks(item, status) {
    if (!status || (isRoom(item.key) && status !== 'pending' && status !== 'failed')) return null;
    const label = {
      pending: words.tickPending, sent: words.tickSent, queued: words.tickQueued,
      delivered: words.tickDelivered, read: words.tickRead, failed: words.tickFailed,
    }[status];
    const span = document.createElement('span');
    span.className = 'ticks ' + status;
    span.textContent = { pending: '◷', sent: '✓', queued: '✓', delivered: '✓✓', read: '✓✓', failed: '!' }[status];
    span.title = label;
    span.setAttribute('role', 'img');
    span.setAttribute('aria-label', label);
    return span;
  }

  function acknowledged(frame) {
    const item = state.pending.get(frame.cid);
    if (!item) return;
    state.pending.delete(frame.cid);
    const c = conversation(item.key);
    const status = frame.status === 'queued' ? 'queued' : 'sent';
    drop(c, item);
    const held = c.held.get(frame.message_id);
    const shown = c.items.find((other) => other.kind === 'message' && other.id === frame.message_id);
    if (held) {
      c.held.delete(frame.message_id);
      showFrame(c, held.frame, held.fresh, { status });
    } else if (shown) {
      shown.status = status;
      refresh(shown);
    } else {
      // Its echo has not come (or will not): the placeholder becomes the message.
      item.id = frame.message_id;
      item.status = status;
      if (!kept(frame)) {
        show(c, item);
      } else {
        if (c.epoch && c.epoch !== frame.epoch) restart(c, frame.epoch);
        c.epoch = frame.epoch;
        item.offset = frame.offset;
        if (!c.seen.has(frame.offset)) {
          show(c, item);
          track(c, frame.offset, true);
        }
      }
    }
    releaseHeld(c);
  }

  /** An error that names a message this tab is sending: refused for now (rate) or for good. */
  function refusedMessage(frame) {
    const item = state.pending.get(frame.cid);
    if (!item) return;
    state.pending.delete(frame.cid);
    const c = conversation(item.key);
    if (frame.code === 'RATE_LIMITED') {
      drop(c, item); // its text goes back into the box
    } else {
      item.status = 'failed';
      refresh(item);
    }
    releaseHeld(c);
  }

  function markRead(c) {
    const peer = c.key.slice(5);
    if (isRoom(c.key) || peer === state.me || state.active !== c.key || document.visibilityState !== 'visible') return;
    for (let i = c.items.length - 1; i >= 0; i--) {
      const item = c.items[i];
      if (item.kind !== 'message' || item.from !== peer || item.offset == null || !item.id) continue;
      if (item.offset > c.readUpTo) {
        c.readUpTo = item.offset;
        queueReceipt({ type: 'read', to_user: peer, message_id: item.id, offset: item.offset });
      }
      return;
    }
  }

  /** Receipts go out a few at a time, well inside the connection's send rate, with room left for typing. */
  function queueReceipt(receipt) {
    if (!state.receipts) return;
    if (receipt.type === 'read') {
      const at = state.outbox.findIndex((r) => r.type === 'read' && r.to_user === receipt.to_user);
      if (at >= 0) {
        state.outbox[at] = receipt; // read means "up to here": only the newest is worth sending
        return;
      }
    }
    state.outbox.push(receipt);
    drainReceipts();
  }

  function drainReceipts() {
    const client = state.client;
    if (state.outboxTimer || !client || !client.connected('private')) return;
    const now = Date.now();
    state.receiptTokens = Math.min(RECEIPT_BURST, state.receiptTokens + (now - state.receiptTokensAt) * RECEIPT_RATE / 1000);
    state.receiptTokensAt = now;
    while (state.outbox.length && state.receiptTokens >= 1 && state.receipts) {
      client.send('private', state.outbox.shift());
      state.receiptTokens--;
    }
    if (state.outbox.length && state.receipts) {
      state.outboxTimer = setTimeout(() => {
        state.outboxTimer = null;
        drainReceipts();
      }, 1000 / RECEIPT_RATE);
    }
  }

  /** A receipt for messages this user sent: `from_user` is the addressee, who has them or has read them. */
  function receiptFor(frame) {
    const c = state.conversations.get(userKey(frame.from_user));
    if (!c) return;
    if (typeof frame.offset === 'number') {
      if (frame.type === 'read') c.readAt = Math.max(c.readAt, frame.offset);
      c.deliveredAt = Math.max(c.deliveredAt, frame.offset);
    }
    for (const item of c.items) {
      if (item.kind !== 'message' || item.from !== state.me) continue;
      if (item.id === frame.message_id && RANK[frame.type] > (RANK[item.status] || 0)) item.status = frame.type;
      refresh(item);
    }
  }

  // ---- history -------------------------------------------------------------------------------------------------

  /** A history frame closes a run of history messages: after a join, a recovery, or a page asked for. */
  function historyClosed(c, frame, request) {
    if (request === 'older') c.loading = false;
    if (frame.recovered === false || (frame.epoch && c.epoch && frame.epoch !== c.epoch)) {
      reload(c, frame);
      return;
    }
    if (frame.epoch) c.epoch = frame.epoch;
    const newest = typeof frame.offset === 'number' ? frame.offset : 0;
    if (request === 'older') {
      if (typeof frame.count === 'number' && frame.count < PAGE) c.complete = true;
    } else {
      // Every message up to the stream's newest has come: in this run, or before it.
      c.offset = Math.max(c.offset === null ? 0 : c.offset, newest);
      advance(c);
      if (c.oldest === null) c.oldest = newest + 1;
      if (!frame.epoch || newest === 0) c.complete = true;
    }
    if (state.active === c.key) renderLater();
  }

  /** The server could not say what was missed: the lines go, and the newest history is loaded anew. */
  function reload(c, frame) {
    restart(c, frame.epoch);
    c.offset = typeof frame.offset === 'number' ? frame.offset : 0;
    c.oldest = c.offset + 1;
    c.complete = !c.epoch || c.offset === 0;
    c.loading = false;
    loadOlder(c);
  }

  /** The page before the oldest message shown: over REST for a room, on the private connection otherwise. */
  function loadOlder(c) {
    // Not before the page has a place in the stream: a room's opening run of history has to close first.
    if (c.loading || c.complete || c.oldest === null || c.offset === null || !c.epoch) return;
    const client = state.client;
    if (!client) return;
    if (isRoom(c.key)) {
      c.loading = true;
      client.roomHistory(c.key.slice(5), { before: c.oldest, limit: PAGE })
        .then((page) => {
          c.loading = false;
          if (!page) c.complete = true;
          if (!page || state.conversations.get(c.key) !== c || page.epoch !== c.epoch) return;
          for (const message of page.messages) {
            const entry = Object.assign({}, message, { history: true });
            if (message.type === 'message') receive(c.key, entry, false);
            else receiveChange(c.key, entry);
          }
          if (page.messages.length < PAGE) c.complete = true;
          if (state.active === c.key) renderLater();
        })
        .catch(() => {
          c.loading = false;
        });
      return;
    }
    if (!state.privateHistory || !client.connected('private')) return;
    c.loading = true;
    client.privateHistory(c.key.slice(5), { before: c.oldest, limit: PAGE })
      .then((page) => {
        if (state.conversations.get(c.key) !== c) return;
        for (const message of page.messages) {
          if (message.type === 'message') receive(c.key, message, false);
          else receiveChange(c.key, message);
        }
        historyClosed(c, page.frame, 'older');
      })
      .catch(() => {
        c.loading = false; // the connection broke: the next one asks again
      });
  }

  // ---- people --------------------------------------------------------------------------------------------------
  // The people list is whom this name has private conversations with: those it wrote to or heard from, or opened.
  // The private connection watches them (the first `maxWatch`), so each has a dot that says whether they are online;
  // nobody else's comings and goings reach the page. Others are found by the search box.

  function loadPeople() {
    let list = [];
    try {
      list = JSON.parse(localStorage.getItem(storedPeople(state.me)) || '[]');
    } catch (e) {
      list = [];
    }
    state.people = Array.isArray(list)
      ? list.filter((user) => typeof user === 'string' && !nameProblem(user) && user !== state.me) : [];
  }

  /** A conversation with the user: first in the list, kept for the name, and watched from now on. */
  function addPerson(user) {
    if (!user || user === state.me || state.people.includes(user)) return;
    state.people.unshift(user);
    localStorage.setItem(storedPeople(state.me), JSON.stringify(state.people));
    if (state.people.length > maxWatch) {
      watchPeople(); // the oldest one goes out of the watch as the newest comes in
    } else if (state.watchable && state.client) {
      state.client.watch([user], 'add');
    }
    renderSidebar();
  }

  /** The client watches the list (the first `maxWatch`), now and again on every reconnect. */
  function watchPeople() {
    if (state.watchable && state.client) state.client.watch(state.people.slice(0, maxWatch));
  }

  /** What the search box holds now, asked for once the typing pauses; an empty box shows the list again. */
  function lookupPeople() {
    clearTimeout(state.search.timer);
    const prefix = $('people-search').value.trim();
    state.search = { prefix, next: null, results: [], timer: null };
    if (prefix && !state.presencePrivate && NAME.test(prefix)) {
      askPeople(prefix, null);
    }
    showResults(prefix && !NAME.test(prefix));
  }

  function askPeople(prefix, after) {
    if (!state.watchable || !state.client) return;
    state.client.lookup(prefix, { limit: SEARCH_PAGE, after: after || undefined });
  }

  /** A page of the people online whose names begin with what was asked; a later question's answer only. */
  function foundPeople(frame) {
    if (frame.prefix !== state.search.prefix) return;
    for (const user of frame.users) {
      if (user !== state.me && !state.search.results.includes(user)) state.search.results.push(user);
    }
    state.search.next = frame.next || null;
    showResults(frame.users.length === 0 && state.search.results.length === 0);
  }

  function showResults(none) {
    const search = state.search;
    $('search-results').replaceChildren(...search.results.map((user) => {
      const li = document.createElement('li');
      li.append(dot('online'));
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = user;
      li.append(name);
      li.addEventListener('click', () => {
        $('people-search').value = '';
        lookupPeople();
        open(userKey(user));
      });
      return li;
    }));
    $('people-search-form').hidden = !state.watchable;
    $('search-results').hidden = search.results.length === 0;
    $('search-more').hidden = !search.next;
    const empty = $('search-empty');
    empty.textContent = state.presencePrivate ? words.presencePrivate
      : none ? fill(words.searchNone, { prefix: search.prefix }) : '';
    empty.hidden = !empty.textContent;
  }

  // ---- typing ---------------------------------------------------------------------------------------------------

  /** The person types in the open room or conversation: the others are told, once per interval. */
  function typed() {
    const key = state.active;
    if (!key || !state.typingTaken || !$('content').value.trim()) return;
    const group = isRoom(key);
    if (!state.client || !state.client.connected(channelOf(key))) return;
    if (group && conversation(key).members.length === 0) return; // not in the room (yet)
    const now = Date.now();
    if (now - (state.typingSent.get(key) || 0) < TYPING_SEND_MS) return;
    state.typingSent.set(key, now);
    const target = key.slice(5);
    state.client.typing(group ? { room: target } : { user: target });
  }

  /** A typing notice: `user` is typing in the conversation `key`, until their message or a pause. */
  function typingNotice(key, user) {
    if (!user || user === state.me) return;
    let who = state.typing.get(key);
    if (!who) state.typing.set(key, (who = new Map()));
    clearTimeout(who.get(user));
    who.set(user, setTimeout(() => stoppedTyping(key, user), TYPING_SHOWN_MS));
    if (key === state.active) renderTyping();
  }

  function stoppedTyping(key, user) {
    const who = state.typing.get(key);
    if (!who || !who.has(user)) return;
    clearTimeout(who.get(user));
    who.delete(user);
    if (who.size === 0) state.typing.delete(key);
    if (key === state.active) renderTyping();
  }

  function forgetTyping() {
    for (const who of state.typing.values()) for (const timer of who.values()) clearTimeout(timer);
    state.typing.clear();
    state.typingSent.clear();
    renderTyping();
  }

  function renderTyping() {
    const who = state.active && state.typing.get(state.active);
    const users = who ? Array.from(who.keys()) : [];
    let text = '';
    if (users.length === 1) text = fill(words.typingOne, { user: users[0] });
    else if (users.length === 2) text = fill(words.typingTwo, { first: users[0], second: users[1] });
    else if (users.length > 2) text = fill(words.typingMany, { users: names(users.slice(0, 2), users.length) });
    $('typing').textContent = text;
  }

  // ---- the view ------------------------------------------------------------------------------------------------

  function renderLater() {
    if (state.renderPending) return;
    state.renderPending = true;
    setTimeout(() => {
      state.renderPending = false;
      renderMessages();
    }, 0);
  }

  /** The active conversation drawn again, keeping what the reader looks at where it is. */
  function renderMessages() {
    const list = $('messages');
    const c = state.active && state.conversations.get(state.active);
    if (!c) return;
    const atBottom = nearBottom(list);
    const fromBottom = list.scrollHeight - list.scrollTop;
    list.replaceChildren(...c.items.map(render));
    list.scrollTop = atBottom ? list.scrollHeight : list.scrollHeight - fromBottom;
    fillUp(c);
  }

  /** A list too short to scroll cannot be scrolled up to page back: the page does it. */
  function fillUp(c) {
    const list = $('messages');
    if (list.scrollHeight <= list.clientHeight + NEAR_EDGE_PX) loadOlder(c);
  }

  function open(key) {
    if (!isRoom(key)) addPerson(key.slice(5));
    const c = conversation(key);
    state.active = key;
    c.unread = 0;
    $('title').textContent = title(key);
    renderMembers();
    renderTyping();
    $('messages').replaceChildren(...c.items.map(render));
    $('messages').scrollTop = $('messages').scrollHeight;
    $('send-error').textContent = '';
    renderSidebar();
    $('content').focus();
    markRead(c);
    fillUp(c);
  }

  // ---- a room's members -----------------------------------------------------------------------------------------

  // Names in the service's order: by code point, as it pages them.
  function byName(a, b) {
    const x = Array.from(a, (ch) => ch.codePointAt(0));
    const y = Array.from(b, (ch) => ch.codePointAt(0));
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      if (x[i] !== y[i]) return x[i] - y[i];
    }
    return x.length - y.length;
  }

  /** A newcomer is listed where it belongs among the names loaded; past the last of them, the next page has it. */
  function memberJoined(c, user) {
    if (c.members.includes(user)) return;
    const last = c.members[c.members.length - 1];
    if (c.next !== null && last !== undefined && byName(user, last) > 0) return;
    c.members.push(user);
    c.members.sort(byName);
  }

  function memberLeft(c, user) {
    c.members = c.members.filter((name) => name !== user);
  }

  function counted(c, frame) {
    if (typeof frame.count === 'number') c.count = frame.count;
  }

  function renderMembers() {
    const c = state.active && state.conversations.get(state.active);
    const room = c && isRoom(c.key);
    $('members').hidden = !room;
    if (!room) return;
    $('member-count').textContent = c.count === null ? '' : fill(words.memberCount, { count: c.count });
    $('member-list').replaceChildren(...c.members.map((user) => {
      const li = document.createElement('li');
      li.textContent = user;
      if (user === state.me) li.classList.add('me');
      return li;
    }));
    $('more-members').hidden = c.next === null;
    $('more-members').disabled = c.askedMembers;
  }

  function moreMembers() {
    const c = state.active && state.conversations.get(state.active);
    if (!c || !isRoom(c.key) || c.next === null || c.askedMembers) return;
    if (!state.client || !state.client.connected('group')) return;
    c.askedMembers = true;
    state.client.members(c.key.slice(5), { after: c.next });
    renderMembers();
  }

  /** Names and how many more there were: "alice, bob and 3 more". */
  function names(list, total) {
    const shown = list.join(', ');
    return total > list.length ? fill(words.andMore, { users: shown, more: total - list.length }) : shown;
  }

  /** A room's comings and goings gathered into one notice; a large room's count alone. */
  function changesText(frame) {
    const parts = [];
    if (frame.joined_count) parts.push(fill(words.noticeManyJoined, { users: names(frame.joined, frame.joined_count) }));
    if (frame.left_count) parts.push(fill(words.noticeManyLeft, { users: names(frame.left, frame.left_count) }));
    if (parts.length === 0) return fill(words.noticeCount, { count: frame.count });
    return parts.join('; ');
  }

  function renderSidebar() {
    const rooms = [...state.conversations.keys()].filter(isRoom);
    $('rooms').replaceChildren(...rooms.map((key) => entry(key, key.slice(5), null)));
    // Someone offline stays listed: a message to them is kept for them. Without the watch, no dot says either.
    const people = state.people.filter((user) => user !== state.me);
    const presence = (user) => (!state.watchable ? null : state.peopleOnline.has(user) ? 'online' : 'offline');
    $('users').replaceChildren(...people.map((user) => entry(userKey(user), user, presence(user))));
    $('nobody').hidden = people.length > 0;
  }

  /** A dot for someone online or offline, with its word for screen readers. */
  function dot(presence) {
    const span = document.createElement('span');
    span.className = 'dot ' + presence;
    const label = presence === 'online' ? words.userOnline : words.userOffline;
    span.title = label;
    span.setAttribute('role', 'img');
    span.setAttribute('aria-label', label);
    return span;
  }

  /** @param presence 'online' or 'offline' for a person, null for a room or when nobody can tell */
  function entry(key, label, presence) {
    const li = document.createElement('li');
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = label;
    li.appendChild(name);
    li.dataset.key = key;
    if (key === state.active) li.classList.add('active');
    if (presence) {
      li.classList.add(presence);
      li.insertBefore(dot(presence), name);
    }
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
      case 'MAILBOX_FULL': return fill(words.errorMailboxFull, { user: frame.to_user });
      case 'BLOCKED': return fill(words.errorBlocked, { user: frame.to_user });
      case 'TEXT_TOO_LONG': return words.errorTextTooLong;
      case 'EMPTY_TEXT': return words.errorEmptyText;
      case 'INVALID_ROOM': return words.errorInvalidRoom;
      case 'TOO_MANY_ROOMS': return words.errorTooManyRooms;
      case 'NOT_IN_ROOM': return words.errorNotInRoom;
      case 'NOT_AUTHOR': return words.errorNotAuthor;
      case 'EDIT_WINDOW_CLOSED': return words.errorEditWindowClosed;
      case 'UNKNOWN_MESSAGE': return words.errorUnknownMessage;
      // With a room: a join over the rate of opening rooms; without: a message over the send rate.
      case 'RATE_LIMITED': return frame.room ? words.errorJoinRateLimited : words.errorSendRateLimited;
      default: return fill(words.errorOther, { code: frame.code });
    }
  }

  // Why a connection was refused (the code of its error frame, or of its close), for the login screen or the notice.
  function refusalText(code, name, detail) {
    switch (code) {
      case 'BANNED': return fill(words.errorBanned, detail || { reason: '', until: '' });
      case 'KICKED': return fill(words.errorKicked, detail || { reason: '' });
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

  function onError(kind, frame) {
    if (kind === 'direct' && (frame.code === 'WATCH_LIMIT' || frame.code === 'PRESENCE_PRIVATE') && !frame.cid) {
      // The service shows nobody who is online (or watches fewer): the list goes on without dots.
      state.watchable = frame.code !== 'PRESENCE_PRIVATE';
      state.presencePrivate = frame.code === 'PRESENCE_PRIVATE';
      renderSidebar();
      showResults(false);
      return;
    }
    if ((frame.code === 'UNKNOWN_FIELD' || frame.code === 'UNKNOWN_TYPE') && !frame.cid) {
      // Only the page's own additions to the seed's frames can be unknown: to a server older than they are.
      const reason = frame.info || '';
      if (frame.code === 'UNKNOWN_TYPE' && state.typingTaken && !/'typing'/.test(reason)) {
        state.typingTaken = false; // a server older than typing notices: the page stops sending them
        if (kind === 'group' || /'watch'/.test(reason)) return;
      }
      if (kind === 'direct' && state.watchable && (/'(users|mode|prefix|after)'/.test(reason)
        || (frame.code === 'UNKNOWN_TYPE' && !/'watch'/.test(reason)))) {
        state.watchable = false; // a server older than watching: no dots, no search
        renderSidebar();
      } else if (kind === 'direct' && /'(with_user|before|limit|epoch|offset)'/.test(reason)) {
        state.privateHistory = false;
        for (const c of state.conversations.values()) {
          if (!isRoom(c.key)) c.loading = false;
        }
      } else if (kind === 'direct') {
        state.receipts = false;
        state.outbox = [];
      }
      return;
    }
    if (frame.cid) refusedMessage(frame);
    showError(frame);
  }

  function showError(frame) {
    const text = errorText(frame);
    const refusedRoom = frame.code === 'INVALID_ROOM' || frame.code === 'TOO_MANY_ROOMS'
      || (frame.code === 'RATE_LIMITED' && frame.room);
    if (refusedRoom) {
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
    if (key) {
      show(conversation(key), { kind: 'error', text, ts: frame.ts });
      renderSidebar();
    }
    if (key === state.active) $('send-error').textContent = text;
  }

  function notice(key, text, frame) {
    show(conversation(key), { kind: 'notice', text: fill(text, { user: frame.from_user }), ts: frame.ts });
    renderSidebar();
  }

  // ---- the client's events -------------------------------------------------------------------------------------

  /** A room's presence on entering it: its first page of members, in name order, and the count of all of them. */
  function roomPresence(frame) {
    const key = roomKey(frame.room);
    const c = conversation(key);
    c.members = frame.users.slice();
    c.next = frame.next || null;
    c.askedMembers = false;
    counted(c, frame);
    if (!state.active) open(key);
    renderSidebar();
    renderMembers();
  }

  function roomMembers(frame) {
    const c = conversation(roomKey(frame.room));
    for (const user of frame.users) if (!c.members.includes(user)) c.members.push(user);
    c.members.sort(byName);
    c.next = frame.next || null;
    c.askedMembers = false;
    counted(c, frame);
    renderMembers();
  }

  function roomJoined(frame) {
    const key = roomKey(frame.room);
    const c = conversation(key);
    memberJoined(c, frame.from_user);
    counted(c, frame);
    notice(key, words.noticeJoined, frame);
    renderMembers();
  }

  function roomLeft(frame) {
    const key = roomKey(frame.room);
    const c = conversation(key);
    memberLeft(c, frame.from_user);
    counted(c, frame);
    notice(key, words.noticeLeft, frame);
    renderMembers();
  }

  function roomChanges(frame) {
    const c = conversation(roomKey(frame.room));
    (frame.joined || []).forEach((user) => memberJoined(c, user));
    (frame.left || []).forEach((user) => memberLeft(c, user));
    counted(c, frame);
    show(c, { kind: 'notice', text: changesText(frame), ts: frame.ts });
    renderMembers();
  }

  /** The private connection is in (again): a search that was open is asked again, waiting receipts go. */
  function privatePresence() {
    lookupPeople();
    renderSidebar();
    drainReceipts();
  }

  /** What the client tells the page: each event to the part of the view it changes. */
  function listen(client) {
    const group = (handler) => (event) => event.channel === 'group' && handler(event.frame);
    const direct = (handler) => (event) => event.channel === 'private' && handler(event.frame);
    client.on('welcome', welcomed);
    client.on('close', closed);
    client.on('message', (event) => {
      if (event.peer) addPerson(event.peer);
      receive(event.room ? roomKey(event.room) : userKey(event.peer), event.frame, event.fresh);
    });
    for (const type of ['edited', 'deleted']) {
      client.on(type, (event) => receiveChange(event.room ? roomKey(event.room) : userKey(event.peer), event.frame));
    }
    client.on('history', (event) => {
      // After a join or a recovery; the mailbox's messages came as messages already.
      if (event.room) historyClosed(conversation(roomKey(event.room)), event.frame, 'join');
      else if (event.peer) historyClosed(conversation(userKey(event.peer)), event.frame, 'recover');
    });
    client.on('presence', (event) => (event.channel === 'group' ? roomPresence(event.frame) : privatePresence()));
    client.on('members', group(roomMembers));
    client.on('changes', group(roomChanges));
    client.on('join', (event) => (event.channel === 'group' ? roomJoined(event.frame) : cameOnline(event.frame)));
    client.on('leave', (event) => (event.channel === 'group' ? roomLeft(event.frame) : wentOffline(event.frame)));
    client.on('typing', (event) => typingNotice(event.channel === 'group' ? roomKey(event.frame.room)
      : userKey(event.frame.from_user), event.frame.from_user));
    client.on('watching', direct((frame) => {
      state.peopleOnline = new Set(frame.online);
      renderSidebar();
    }));
    client.on('users', direct(foundPeople));
    client.on('ack', (event) => acknowledged(event.frame));
    client.on('delivered', direct(receiptFor));
    client.on('read', direct(receiptFor));
    client.on('error', (event) => onError(event.channel === 'group' ? 'group' : 'direct', event.frame));
  }

  function cameOnline(frame) {
    state.peopleOnline.add(frame.from_user);
    renderSidebar();
  }

  function wentOffline(frame) {
    state.peopleOnline.delete(frame.from_user);
    renderSidebar();
  }

  // ---- connections ---------------------------------------------------------------------------------------------

  function welcomed(event) {
    if (event.key) localStorage.setItem(storedKey(state.me), event.key);
    showStatus();
  }

  /** A connection closed: the client reconnects by itself, unless the close was final (a refusal, a ban, …). */
  function closed(event) {
    if (!state.me) return;
    if (!event.final) {
      showStatus();
      return;
    }
    const error = event.error;
    const code = error.code;
    // A ban says why and until when in its error frame, a kick in its close reason.
    const detail = code === 'BANNED'
      ? { reason: error.info || '', until: new Date(Date.now() + (error.retry_after_ms || 0)).toLocaleString() }
      : { reason: event.reason || '' };
    refused(code, error.retry_after_ms, detail);
  }

  function refused(code, retryAfterMs, detail) {
    const text = refusalText(code, state.me, detail);
    if (FINAL.has(code) || !state.everOnline) {
      if (jwtMode && (code === 'TOKEN_EXPIRED' || code === 'TOKEN_INVALID')) sessionStorage.removeItem(STORED_TOKEN);
      logout(text, false);
      return;
    }
    // In, and then refused: the client stops retrying, both connections, until the person asks.
    state.stopped = text;
    state.retryAt = Date.now() + (retryAfterMs || 0);
    showStatus();
  }

  function reconnect() {
    const wait = Math.max(0, state.retryAt - Date.now());
    state.stopped = null;
    if (state.client) state.client.reconnect(wait);
    showStatus();
  }

  function showStatus() {
    const online = !!state.client && state.client.online;
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
      $('username').value = name;
    }
    $('me').textContent = name;
    loadPeople();
    renderSidebar();
    $('login').hidden = true;
    $('app').hidden = false;
    $('login-error').textContent = '';
    state.unreachableTimer = setTimeout(() => {
      if (state.me && !state.everOnline) {
        state.unreachable = true;
        showStatus();
      }
    }, UNREACHABLE_MS);
    state.client = new ChatClient({
      url: location.protocol + '//' + location.host,
      user: name,
      // The name's key as the person's tabs keep it: read again at each connect, so that a tab that took the name
      // a moment ago lends this one its key.
      key: jwtMode ? undefined : () => localStorage.getItem(storedKey(name)),
      token: jwtMode ? state.token : undefined,
      typing: true, // others' typing notices, which the page shows
      claim: !jwtMode, // coming online keeps the name for this person's key
    });
    listen(state.client);
    watchPeople();
    showStatus();
    state.client.connect(); // a refusal comes as a final close too
  }

  /** @param leaving the person logs out: give the name's claim up and forget its key (or, in jwt mode, the token) */
  function logout(reason, leaving) {
    $('logout-confirm').hidden = true;
    if (leaving && jwtMode) {
      sessionStorage.removeItem(STORED_TOKEN);
      state.token = null;
    } else if (leaving) {
      localStorage.removeItem(storedKey(state.me));
    }
    state.me = null;
    if (state.client) state.client.close({ release: leaving && !jwtMode }); // the release goes before the close
    state.client = null;
    clearTimeout(state.unreachableTimer);
    state.unreachable = false;
    state.stopped = null;
    state.lastSent = null;
    state.pending.clear();
    state.outbox = [];
    clearTimeout(state.outboxTimer);
    state.outboxTimer = null;
    state.conversations.clear();
    state.active = null;
    forgetTyping();
    if (leaving && !jwtMode) localStorage.removeItem(storedPeople(state.me)); // the conversations go with the name
    state.people = [];
    state.peopleOnline = new Set();
    state.watchable = true;
    state.presencePrivate = false;
    clearTimeout(state.search.timer);
    state.search = { prefix: '', next: null, results: [], timer: null };
    $('people-search').value = '';
    showResults(false);
    state.everOnline = false;
    sessionStorage.removeItem(STORED_NAME);
    $('app').hidden = true;
    $('login').hidden = false;
    $('login-error').textContent = reason || '';
    if (!jwtMode) $('username').focus();
  }

  // A sibling tab that logs out forgets the name's key; while this tab is still in under the name, it keeps it.
  // A conversation another tab of the person added shows (and is watched) here too.
  window.addEventListener('storage', (event) => {
    const key = state.client && state.client.key;
    if (state.me && key && event.key === storedKey(state.me) && event.newValue === null) {
      localStorage.setItem(event.key, key);
    }
    if (state.me && event.key === storedPeople(state.me)) {
      const before = state.people;
      loadPeople();
      for (const user of before) {
        if (!state.people.includes(user)) state.people.push(user); // this tab's own stay too
      }
      if (event.newValue !== null) localStorage.setItem(storedPeople(state.me), JSON.stringify(state.people));
      watchPeople();
      renderSidebar();
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

  // Releasing a claim gives up the name's private conversations and mailbox too: say so before doing it.
  $('logout-btn').addEventListener('click', () => {
    if (jwtMode) {
      logout(words.loggedOutToken, true);
      return;
    }
    $('logout-confirm-text').textContent = fill(words.logOutWarning, { user: state.me });
    $('logout-confirm').hidden = false;
    $('logout-cancel-btn').focus();
  });
  $('logout-confirm-btn').addEventListener('click', () => logout('', true));
  $('logout-cancel-btn').addEventListener('click', () => {
    $('logout-confirm').hidden = true;
    $('logout-btn').focus();
  });
  $('reconnect-btn').addEventListener('click', reconnect);

  $('send-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = $('content').value;
    if (!text.trim() || !state.active || textBytes() > maxTextBytes) return;
    const client = state.client;
    // Kept in the box until the connection is back.
    if (!client || !client.connected(channelOf(state.active))) return;
    const target = state.active.slice(5);
    // Shown at once as pending; its ack says it is kept. The client sends it again, same cid, if the connection
    // drops first; a refusal comes as an error event with the cid.
    const sending = isRoom(state.active) ? client.sendToRoom(target, text) : client.sendTo(target, text);
    sending.catch(() => {});
    const item = {
      kind: 'message', key: state.active, from: state.me, text, ts: Date.now(), id: null, offset: null,
      cid: sending.cid, status: 'pending',
    };
    state.pending.set(sending.cid, item);
    show(conversation(state.active), item);
    renderSidebar();
    state.lastSent = { key: state.active, text };
    state.typingSent.delete(state.active); // the next message's typing is news again
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
  $('content').addEventListener('input', () => {
    showCounter();
    typed();
  });

  $('people-search').addEventListener('input', () => {
    clearTimeout(state.search.timer);
    state.search.timer = setTimeout(lookupPeople, SEARCH_DELAY_MS);
  });
  $('people-search').addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      $('people-search').value = '';
      lookupPeople();
    }
  });
  $('people-search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    lookupPeople();
  });
  $('search-more').addEventListener('click', () => {
    if (state.search.next) askPeople(state.search.prefix, state.search.next);
  });
  $('more-members').addEventListener('click', moreMembers);

  $('join-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const room = $('join-room').value.trim();
    $('join-error').textContent = '';
    if (!room || !state.client || !state.client.connected('group')) return;
    state.client.join(room).catch(() => {}); // a refusal comes as an error event
    $('join-room').value = '';
    // The service names a room by its NFKC case-folded form ("Dev" is dev): open the one its frames will name.
    open(roomKey(room.normalize('NFKC').toLowerCase()));
  });

  // Scrolling up to near the top pages back; the page's own scrolling down as messages come does not.
  let scrolledTo = 0;
  $('messages').addEventListener('scroll', () => {
    const top = $('messages').scrollTop;
    const up = top < scrolledTo;
    scrolledTo = top;
    const c = state.active && state.conversations.get(state.active);
    if (c && up && top < NEAR_EDGE_PX) loadOlder(c);
  });

  // The reader comes back to the tab: what the open conversation shows is read now.
  document.addEventListener('visibilitychange', () => {
    const c = state.active && state.conversations.get(state.active);
    if (c) markRead(c);
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
}
