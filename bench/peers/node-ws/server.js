'use strict';
// Peer for the chat benchmark: the service's protocol (rooms, private routing, the same JSON frames) on the `ws`
// package, with nothing else. Usage: node server.js PORT [HOST] [--no-presence]
// --no-presence: no presence frame and no join or leave notices, on either channel; what a server that tells nobody
// who else is there costs, as the reconnect storm measures it.
const http = require('http');
const { WebSocketServer } = require('ws');

const args = process.argv.slice(2).filter((a) => a !== '--no-presence');
const presence = !process.argv.includes('--no-presence');
const port = Number(args[0] || 8090);
const host = args[1] || '127.0.0.1';

const rooms = new Map();        // room -> Set of sockets
const roomUsers = new Map();    // room -> Map user -> connection count
const privateByUser = new Map(); // user -> Set of sockets
const instance = Date.now().toString(36);
let seq = 0;

function frame(fields) {
  // Encoded once per frame; every recipient gets the same Buffer.
  return Buffer.from(JSON.stringify({ type: fields.type, id: instance + '-' + (seq++).toString(36), ts: Date.now(), ...fields }));
}

function sendAll(sockets, buf) {
  for (const s of sockets) {
    if (s.readyState === 1) s.send(buf, { binary: false });
  }
}

function joinRoom(ws, room) {
  let members = rooms.get(room);
  if (!members) { members = new Set(); rooms.set(room, members); roomUsers.set(room, new Map()); }
  members.add(ws);
  const users = roomUsers.get(room);
  const count = users.get(ws.user) || 0;
  users.set(ws.user, count + 1);
  if (!presence) return;
  ws.send(frame({ type: 'presence', room, users: [...users.keys()].sort() }), { binary: false });
  if (count === 0) sendAll(members, frame({ type: 'join', room, from_user: ws.user, info: 'joined' }));
}

function leaveRoom(ws, room) {
  const members = rooms.get(room);
  if (!members) return;
  members.delete(ws);
  const users = roomUsers.get(room);
  const count = users.get(ws.user) - 1;
  if (count > 0) { users.set(ws.user, count); return; }
  users.delete(ws.user);
  if (members.size === 0) { rooms.delete(room); roomUsers.delete(room); return; }
  if (!presence) return;
  sendAll(members, frame({ type: 'leave', room, from_user: ws.user, info: 'left' }));
}

function error(ws, code, info) {
  ws.send(frame({ type: 'error', code, info }), { binary: false });
}

function onGroup(ws, data) {
  let msg;
  try { msg = JSON.parse(data); } catch (e) { return error(ws, 'MALFORMED_JSON', 'not JSON'); }
  if (typeof msg.info !== 'string' || msg.info.trim() === '') return error(ws, 'EMPTY_TEXT', 'info is empty');
  const room = msg.room || ws.room;
  if (room !== ws.room) return error(ws, 'NOT_IN_ROOM', 'not in room');
  sendAll(rooms.get(room), frame({ type: 'message', room, from_user: ws.user, info: msg.info }));
}

function onPrivate(ws, data) {
  let msg;
  try { msg = JSON.parse(data); } catch (e) { return error(ws, 'MALFORMED_JSON', 'not JSON'); }
  if (typeof msg.info !== 'string' || msg.info.trim() === '') return error(ws, 'EMPTY_TEXT', 'info is empty');
  const to = msg.to_user;
  const targets = privateByUser.get(to);
  if (!targets) return error(ws, 'USER_OFFLINE', to + ' is not online');
  const buf = frame({ type: 'message', to_user: to, from_user: ws.user, info: msg.info });
  sendAll(targets, buf);
  if (to !== ws.user) sendAll(privateByUser.get(ws.user), buf);
}

const server = http.createServer((req, res) => { res.writeHead(404); res.end(); });
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 65536 });

server.on('upgrade', (req, socket, head) => {
  const parts = req.url.split('?')[0].split('/').filter(Boolean).map(decodeURIComponent);
  let kind = null;
  if (parts[0] === 'groupchat' && (parts.length === 2 || parts.length === 3)) kind = 'group';
  if (parts[0] === 'privateChat' && parts.length === 2) kind = 'private';
  if (!kind) { socket.destroy(); return; }
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.user = parts[1];
    if (kind === 'group') {
      ws.room = parts[2] || 'lobby';
      joinRoom(ws, ws.room);
      ws.on('message', (data, isBinary) => { if (!isBinary) onGroup(ws, data); });
      ws.on('close', () => leaveRoom(ws, ws.room));
    } else {
      let mine = privateByUser.get(ws.user);
      const first = !mine;
      if (first) { mine = new Set(); privateByUser.set(ws.user, mine); }
      mine.add(ws);
      if (presence) ws.send(frame({ type: 'presence', users: [...privateByUser.keys()].sort() }), { binary: false });
      if (first && presence) {
        const buf = frame({ type: 'join', from_user: ws.user, info: 'joined' });
        for (const set of privateByUser.values()) sendAll(set, buf);
      }
      ws.on('message', (data, isBinary) => { if (!isBinary) onPrivate(ws, data); });
      ws.on('close', () => {
        mine.delete(ws);
        if (mine.size === 0) {
          privateByUser.delete(ws.user);
          if (!presence) return;
          const buf = frame({ type: 'leave', from_user: ws.user, info: 'left' });
          for (const set of privateByUser.values()) sendAll(set, buf);
        }
      });
    }
    ws.on('error', () => {});
  });
});

server.listen(port, host, 511, () => console.log('listening on ' + host + ':' + port));
