// The client library against a running service (CHAT_SERVICE_URL): real WebSockets, real frames.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatClient, ChatError } from '../../main/client/chat-client.js';
import { client, proxy, record, serviceUrl, unique, until, within } from './support.mjs';

/** The texts of the message events, in the order they came. */
const texts = (events) => events.filter((e) => e.type === 'message').map((e) => e.frame.info);

/** Every message event's offset in the stream, in order. */
const offsets = (events, stream) => events.filter((e) => e.type === 'message' && e.stream === stream)
  .map((e) => e.frame.offset);

test('a client in a room receives what a second client says there', async (t) => {
  const room = unique('room');
  const alice = client(t, { user: unique('alice'), room });
  const bob = client(t, { user: unique('bob'), room });
  const heard = record(alice, 'message');
  await within(Promise.all([alice.connect(), bob.connect()]), 'both connected');

  await bob.sendToRoom(room, 'hello from bob');

  const event = await until(() => heard.find((e) => e.frame.info === 'hello from bob'), 'alice hears bob');
  assert.equal(event.frame.from_user, bob.user);
  assert.equal(event.room, room);
  assert.equal(event.stream, 'room:' + room);
  assert.equal(event.fresh, true);
});

test('a private message reaches its addressee and comes back to its sender', async (t) => {
  const alice = client(t, { user: unique('alice') });
  const bob = client(t, { user: unique('bob') });
  const toBob = record(bob, 'message');
  const toAlice = record(alice, 'message');
  await within(Promise.all([alice.connect(), bob.connect()]), 'both connected');

  await alice.sendTo(bob.user, 'hi bob');

  const got = await until(() => toBob.find((e) => e.frame.info === 'hi bob'), 'bob gets it');
  assert.equal(got.channel, 'private');
  assert.equal(got.peer, alice.user);
  assert.equal(got.frame.to_user, bob.user);
  const echo = await until(() => toAlice.find((e) => e.frame.info === 'hi bob'), 'alice gets her own');
  assert.equal(echo.peer, bob.user);
});

test('a message goes out with a cid and its ack says where it was kept', async (t) => {
  const room = unique('room');
  const alice = client(t, { user: unique('alice'), room });
  const acks = record(alice, 'ack');
  const heard = record(alice, 'message');
  await within(alice.connect(), 'connected');

  const sending = alice.sendToRoom(room, 'counted');
  assert.match(sending.cid, /^[\w-]{1,64}$/);
  const ack = await within(sending, 'the ack');

  assert.equal(ack.cid, sending.cid);
  assert.equal(ack.status, 'sent');
  assert.equal(typeof ack.offset, 'number');
  assert.equal(typeof ack.epoch, 'string');
  const message = await until(() => heard.find((e) => e.frame.id === ack.message_id), 'the message itself');
  assert.equal(message.frame.offset, ack.offset);
  assert.deepEqual(acks.map((e) => e.cid), [sending.cid]);
});

test('after the network drops its sockets a client goes on from its positions: nothing missed, nothing twice',
  async (t) => {
    const home = unique('home');
    const other = unique('other');
    const net = await proxy(t);
    const alice = client(t, { url: net.url, user: unique('alice'), room: home, claim: true });
    const bob = client(t, { user: unique('bob'), room: home });
    const heard = record(alice, 'message', 'reset');
    const bobSees = record(bob, 'leave');
    await within(Promise.all([alice.connect(), bob.connect()]), 'both connected');
    await within(Promise.all([alice.join(other), bob.join(other)]), 'both in the other room');
    bob.watch([alice.user]);
    await bob.sendToRoom(home, 'home 1');
    await bob.sendToRoom(other, 'other 1');
    await bob.sendTo(alice.user, 'private 1');
    await until(() => texts(heard).length === 3, 'the first three');

    net.block();
    net.cut();
    await until(() => bobSees.some((e) => e.channel === 'private' && e.frame.from_user === alice.user),
      'the service sees alice offline');
    for (const n of [2, 3, 4]) {
      await bob.sendToRoom(home, 'home ' + n);
      await bob.sendToRoom(other, 'other ' + n);
    }
    const kept = await bob.sendTo(alice.user, 'private 2');
    assert.equal(kept.status, 'queued', 'kept for alice, who claimed her name');
    net.unblock();

    await within(alice.once('online'), 'alice back');
    await until(() => texts(heard).length === 10, 'all ten', 15000);
    await bob.sendToRoom(home, 'home 5');
    await until(() => texts(heard).includes('home 5'), 'a live one after the recovery');

    const said = texts(heard);
    assert.deepEqual(said.filter((s) => s.startsWith('home')), ['home 1', 'home 2', 'home 3', 'home 4', 'home 5']);
    assert.deepEqual(said.filter((s) => s.startsWith('other')), ['other 1', 'other 2', 'other 3', 'other 4']);
    assert.deepEqual(said.filter((s) => s.startsWith('private')), ['private 1', 'private 2']);
    for (const stream of ['room:' + home, 'room:' + other]) {
      const seen = offsets(heard, stream);
      assert.deepEqual(seen, seen.map((_, i) => seen[0] + i), stream + ': consecutive offsets ' + seen);
    }
    assert.equal(heard.filter((e) => e.type === 'reset').length, 0, 'nothing was lost');
    assert.ok(heard.filter((e) => e.frame && e.frame.history).every((e) => e.fresh), 'missed ones are fresh');
  });

test('a message sent while disconnected goes out after the reconnect and is acknowledged once', async (t) => {
  const room = unique('room');
  const net = await proxy(t);
  const alice = client(t, { url: net.url, user: unique('alice'), room });
  const bob = client(t, { user: unique('bob'), room });
  const acks = record(alice, 'ack');
  const heard = record(bob, 'message');
  await within(Promise.all([alice.connect(), bob.connect()]), 'both connected');

  net.block();
  net.cut();
  await within(alice.once('offline'), 'alice offline');
  const sending = alice.sendToRoom(room, 'written offline');
  net.unblock();
  const ack = await within(sending, 'its ack after the reconnect', 15000);
  await alice.sendToRoom(room, 'next one'); // the connection keeps order: a second ack would have come by now

  assert.equal(ack.status, 'sent');
  assert.equal(acks.filter((e) => e.cid === sending.cid).length, 1);
  await until(() => texts(heard).includes('next one'), 'bob gets both');
  assert.deepEqual(texts(heard).filter((s) => s === 'written offline'), ['written offline']);
});

test('a message whose ack was lost is sent again with its cid and kept once', async (t) => {
  const room = unique('room');
  const net = await proxy(t);
  const alice = client(t, { url: net.url, user: unique('alice'), room });
  const bob = client(t, { user: unique('bob'), room });
  const acks = record(alice, 'ack');
  const mine = record(alice, 'message');
  const heard = record(bob, 'message');
  await within(Promise.all([alice.connect(), bob.connect()]), 'both connected');

  net.hold(); // what the service says to alice from now on is lost
  const sending = alice.sendToRoom(room, 'said once');
  await until(() => texts(heard).includes('said once'), 'the service kept it');
  net.cut();
  const ack = await within(sending, 'the ack of the resent message', 15000);
  await alice.sendToRoom(room, 'then this');
  await until(() => texts(heard).includes('then this') && texts(mine).includes('then this'), 'both have the next');

  assert.equal(acks.filter((e) => e.cid === sending.cid).length, 1);
  assert.deepEqual(texts(heard).filter((s) => s === 'said once'), ['said once'], 'the service kept it once');
  assert.deepEqual(texts(mine).filter((s) => s === 'said once'), ['said once'], 'alice recovered it once');
  assert.equal(mine.find((e) => e.frame.info === 'said once').frame.id, ack.message_id);
});

test('an author edits and deletes a message, and the room hears both in the stream\'s order', async (t) => {
  const room = unique('room');
  const alice = client(t, { user: unique('alice'), room });
  const bob = client(t, { user: unique('bob'), room });
  const heard = record(bob, 'message', 'edited', 'deleted');
  await within(Promise.all([alice.connect(), bob.connect()]), 'both connected');
  const ack = await alice.sendToRoom(room, 'frist');
  const message = { id: ack.message_id, offset: ack.offset };

  assert.equal((await alice.edit({ room }, message, 'first')).status, 'done');
  await assert.rejects(bob.edit({ room }, message, 'mine now'), (e) => e.code === 'NOT_AUTHOR');
  assert.equal((await alice.remove({ room }, message)).status, 'done');

  await until(() => heard.some((e) => e.type === 'deleted'), 'bob hears the delete');
  assert.deepEqual(heard.map((e) => [e.type, e.type === 'deleted' ? null : e.frame.info]), [
    ['message', 'frist'], ['edited', 'first'], ['deleted', null]]);
  assert.deepEqual(heard.slice(1).map((e) => e.frame.change_offset), [ack.offset + 1, ack.offset + 2]);
  assert.deepEqual(bob.position({ room }), { epoch: ack.epoch, offset: ack.offset + 2 });
});

test('someone typing is heard by a client that asked for typing notices', async (t) => {
  const room = unique('room');
  const alice = client(t, { user: unique('alice'), room, typing: true });
  const bob = client(t, { user: unique('bob'), room });
  const notices = record(alice, 'typing');
  await within(Promise.all([alice.connect(), bob.connect()]), 'both connected');

  assert.equal(bob.typing({ room }), true);
  assert.equal(bob.typing({ user: alice.user }), true);

  await until(() => notices.length === 2, 'both notices');
  assert.deepEqual(notices.map((e) => e.channel + ' ' + e.frame.from_user).sort(),
    ['group ' + bob.user, 'private ' + bob.user]);
});

test('a receipt goes to the sender: delivered, then read', async (t) => {
  const alice = client(t, { user: unique('alice') });
  const bob = client(t, { user: unique('bob') });
  const receipts = record(alice, 'delivered', 'read');
  const toBob = record(bob, 'message');
  await within(Promise.all([alice.connect(), bob.connect()]), 'both connected');
  const ack = await alice.sendTo(bob.user, 'did you get this?');
  const got = await until(() => toBob.find((e) => e.frame.id === ack.message_id), 'bob has it');

  const delivered = await within(bob.confirm(got.frame, 'received'), 'the receipt acknowledged');
  assert.equal(delivered.status, 'done');
  await until(() => receipts.some((e) => e.type === 'delivered'), 'alice hears it was delivered');
  await bob.confirm(got.frame, 'read');
  await until(() => receipts.some((e) => e.type === 'read'), 'alice hears it was read');

  assert.deepEqual(receipts.map((e) => [e.type, e.frame.message_id, e.frame.offset, e.frame.from_user]), [
    ['delivered', ack.message_id, ack.offset, bob.user],
    ['read', ack.message_id, ack.offset, bob.user],
  ]);
});

test('a receipt for a message nobody sent is refused', async (t) => {
  const alice = client(t, { user: unique('alice') });
  await within(alice.connect(), 'connected');

  const refused = alice.confirm({ from_user: unique('nobody'), id: 'NoSuchMessage', offset: 3 });

  await assert.rejects(refused, (e) => e instanceof ChatError && e.code === 'UNKNOWN_MESSAGE');
});

test('a watched user is said to come online and to go offline, also after a reconnect', async (t) => {
  const net = await proxy(t);
  const alice = client(t, { url: net.url, user: unique('alice') });
  const bobName = unique('bob');
  const seen = record(alice, 'watching', 'join', 'leave');
  await within(alice.connect(), 'alice connected');

  alice.watch([bobName]);
  const watching = await until(() => seen.find((e) => e.type === 'watching'), 'the watch answered');
  assert.deepEqual(watching.frame.online, []);
  const bob = client(t, { user: bobName, channels: ['private'] });
  await bob.connect();
  await until(() => seen.some((e) => e.type === 'join' && e.frame.from_user === bobName), 'bob online');

  const answered = seen.filter((e) => e.type === 'watching').length;
  net.cut(); // the watch goes again on the new connection
  await within(alice.once('online'), 'alice back');
  const again = await until(() => seen.filter((e) => e.type === 'watching')[answered], 'watching again');
  assert.deepEqual(again.frame.online, [bobName]);
  assert.deepEqual(again.frame.users, [bobName]);
  bob.close();
  await until(() => seen.some((e) => e.type === 'leave' && e.frame.from_user === bobName), 'bob offline');
});

test('a room member hears others join and leave, and pages the members', async (t) => {
  const room = unique('room');
  const alice = client(t, { user: unique('alice'), room });
  const events = record(alice, 'presence', 'join', 'leave', 'changes', 'members');
  await within(alice.connect(), 'alice connected');
  const presence = await until(() => events.find((e) => e.type === 'presence'), 'the room presence');
  assert.deepEqual(presence.frame.users, [alice.user]);

  const bob = client(t, { user: unique('bob'), room, channels: ['group'] });
  await bob.connect();
  const names = (e) => (e.type === 'changes' ? e.frame.joined || [] : [e.frame.from_user]);
  await until(() => events.some((e) => (e.type === 'join' || e.type === 'changes') && names(e).includes(bob.user)),
    'bob joined');
  alice.members(room, { limit: 1 });
  const page = await until(() => events.find((e) => e.type === 'members'), 'a page of members');
  assert.equal(page.frame.count, 2);
  assert.equal(page.frame.users.length, 1);
});

test('history is paged back over REST for a room and on the private connection for a conversation',
  async (t) => {
    const room = unique('room');
    const alice = client(t, { user: unique('alice'), room });
    const bob = client(t, { user: unique('bob'), channels: ['private'] });
    await within(Promise.all([alice.connect(), bob.connect()]), 'both connected');
    for (let n = 1; n <= 5; n++) await alice.sendToRoom(room, 'room ' + n);
    for (let n = 1; n <= 5; n++) await alice.sendTo(bob.user, 'private ' + n);

    const newest = await alice.roomHistory(room, { limit: 2 });
    assert.deepEqual(newest.messages.map((m) => m.info), ['room 4', 'room 5']);
    const older = await alice.roomHistory(room, { before: newest.messages[0].offset, limit: 2 });
    assert.deepEqual(older.messages.map((m) => m.info), ['room 2', 'room 3']);
    assert.equal(await alice.roomHistory(unique('empty')), null);

    const last = await within(alice.privateHistory(bob.user, { limit: 2 }), 'the newest page');
    assert.deepEqual(last.messages.map((m) => m.info), ['private 4', 'private 5']);
    const before = await within(alice.privateHistory(bob.user, { before: last.messages[0].offset, limit: 3 }),
      'the page before');
    assert.deepEqual(before.messages.map((m) => m.info), ['private 1', 'private 2', 'private 3']);
    assert.equal(before.epoch, last.epoch);
  });

test('a frame the service refuses gives an error event, and the request fails with its code', async (t) => {
  const room = unique('room');
  const alice = client(t, { user: unique('alice'), room });
  const errors = record(alice, 'error');
  await within(alice.connect(), 'connected');

  const empty = alice.sendToRoom(room, '   ');
  await assert.rejects(empty, (e) => e instanceof ChatError && e.code === 'EMPTY_TEXT');
  await assert.rejects(alice.sendToRoom(unique('elsewhere'), 'hi'), (e) => e.code === 'NOT_IN_ROOM');
  alice.send('group', { type: 'no-such-type' });
  await until(() => errors.some((e) => e.code === 'UNKNOWN_TYPE'), 'the unknown type refused');

  assert.equal(errors[0].cid, empty.cid);
  assert.ok(alice.online, 'the connection goes on');
});

test('a name in use is refused without its key and let in with it', async (t) => {
  const name = unique('alice');
  const alice = client(t, { user: name });
  await within(alice.connect(), 'alice connected');
  assert.match(alice.key, /^[\w-]{43}$/);

  const intruder = client(t, { user: name });
  const closes = record(intruder, 'close');
  await assert.rejects(intruder.connect(), (e) => e.code === 'NAME_TAKEN');
  assert.equal(closes[0].final, true);

  const secondTab = client(t, { user: name, key: alice.key });
  await within(secondTab.connect(), 'the second tab connected');
  assert.equal(secondTab.key, alice.key);
});

test('the client closes for good when asked to, and does not come back', async (t) => {
  const alice = client(t, { user: unique('alice') });
  const events = record(alice, 'reconnecting', 'close');
  await within(alice.connect(), 'connected');

  alice.close();

  assert.equal(alice.online, false);
  const again = new ChatClient({ url: serviceUrl(), user: alice.user, key: alice.key });
  t.after(() => again.close());
  await within(again.connect(), 'the name is still the key\'s');
  assert.deepEqual(events, []);
});

test('a connection whose handshake is never answered is given up and tried again', async (t) => {
  const net = await proxy(t);
  const alice = client(t, { url: net.url, user: unique('alice'), welcomeTimeoutMs: 1000 });
  const closes = record(alice, 'close');
  await within(alice.connect(), 'connected');

  net.silence();
  const cutAt = Date.now();
  net.cut();
  await until(() => closes.length >= 4, 'the cut, and a handshake given up on each connection');
  assert.ok(Date.now() - cutAt >= 1000, 'given up after welcomeTimeoutMs');
  net.unblock();

  await within(alice.once('online'), 'alice back', 15000);
  assert.ok(closes.every((e) => e.code === 1006 && !e.final), JSON.stringify(closes.map((e) => e.code)));
});

test('a conversation whose history the client cannot go on from is reset, not patched', async (t) => {
  const net = await proxy(t);
  const alice = client(t, { url: net.url, user: unique('alice') });
  const bobName = unique('bob');
  const bob = client(t, { user: bobName, channels: ['private'] });
  const events = record(alice, 'message', 'leave', 'reset', 'history');
  await within(Promise.all([alice.connect(), bob.connect()]), 'both connected');
  alice.watch([bobName]);
  await bob.sendTo(alice.user, 'from the first bob');
  await until(() => events.some((e) => e.type === 'message'), 'alice has it');

  bob.close(); // the name is free: whoever takes it next is someone else, with a conversation of their own
  await until(() => events.some((e) => e.type === 'leave' && e.frame.from_user === bobName), 'bob gone');
  net.block();
  net.cut();
  const newcomer = client(t, { user: bobName, channels: ['private'] });
  await within(newcomer.connect(), 'another person under the name');
  net.unblock();

  const reset = await until(() => events.find((e) => e.type === 'reset'), 'the conversation reset', 15000);
  assert.equal(reset.peer, bobName);
  assert.equal(reset.stream, 'user:' + bobName);
  const closing = events.find((e) => e.type === 'history' && e.peer === bobName);
  assert.equal(closing.recovered, false);
  assert.equal(alice.position({ user: bobName }), null, 'no place in a conversation with no messages');
});
