// Type declarations for chat-client.js.

/** The first reconnect waits up to this long (ms); the cap doubles with each failed attempt. */
export const BASE_MS: number;
/** No reconnect waits longer than this (ms). */
export const MAX_MS: number;
/** After a 1001 (the node drains) the first reconnect is spread over this (ms). */
export const DRAIN_SPREAD_MS: number;

/** The pause (ms) before reconnect attempt `attempt` (0 first): uniform in [0, min(MAX_MS, BASE_MS × 2^attempt)]. */
export function retryDelay(attempt: number, random?: () => number): number;
/** The pause (ms) before the first reconnect after a 1001: uniform in [0, DRAIN_SPREAD_MS]. */
export function drainDelay(random?: () => number): number;
/** Whether a close with this code is retried without the user (not 1008, 4401, 4010, 4403). */
export function retries(closeCode: number): boolean;

export const backoff: Readonly<{
  BASE_MS: number;
  MAX_MS: number;
  DRAIN_SPREAD_MS: number;
  retryDelay: typeof retryDelay;
  drainDelay: typeof drainDelay;
  retries: typeof retries;
}>;

/** A room's name as the service names it (NFKC, lower case). */
export function roomName(room: string): string;

/** Any frame of the protocol: one JSON object (see docs/protocol.md). */
export interface Frame {
  type: string;
  id?: string;
  ts?: number;
  from_user?: string;
  info?: string;
  room?: string;
  to_user?: string;
  with_user?: string;
  offset?: number;
  epoch?: string;
  history?: boolean;
  cid?: string;
  code?: string;
  status?: 'sent' | 'queued' | 'done';
  message_id?: string;
  retry_after_ms?: number;
  [field: string]: unknown;
}

export class ChatError extends Error {
  readonly code: string;
  readonly frame: Frame;
  readonly retryAfterMs?: number;
  constructor(frame: Partial<Frame> & { code: string });
}

export type Channel = 'group' | 'private';
export type Target = { room: string } | { user: string };
export interface Position { epoch: string; offset: number }

export interface ChatClientOptions {
  /** The name to connect as. */
  user: string;
  /** The service's base URL (http, https, ws or wss); in a browser, the page's origin by default. */
  url?: string;
  /** The name's key, or a function asked at each connect (another tab's key after NAME_TAKEN). */
  key?: string | (() => string | null | undefined);
  /** A JWT (jwt mode), or a function that gives a fresh one for each connect. */
  token?: string | (() => string | Promise<string>);
  /** The room of the group path; the service's default room when absent. */
  room?: string;
  /** Which connections to keep: both by default. */
  channels?: Channel[];
  /** Ask for others' typing notices (`typing=true`). */
  typing?: boolean;
  /** Keep the name for its key: sends `claim` when coming online. */
  claim?: boolean;
  /** Reconnect by itself after a close that allows it (default true). */
  reconnect?: boolean;
  /** A connection up this long (ms) after its welcome starts the back-off afresh (default 10000). */
  stableMs?: number;
  /** A connection not welcomed this long (ms) after it was opened is given up and retried (default 15000). */
  welcomeTimeoutMs?: number;
  /** The WebSocket constructor; the global one by default (Node 20: run with --experimental-websocket). */
  WebSocket?: new (url: string) => WebSocket;
  /** For room history over REST; the global fetch by default. */
  fetch?: typeof fetch;
  /** Uniform in [0, 1): the back-off's randomness. */
  random?: () => number;
}

interface Base<T extends string> { type: T; channel: Channel }
interface FromFrame<T extends string> extends Base<T> { frame: Frame }
interface InStream { stream: string; room?: string; peer?: string }

export interface ChatEvents {
  /** A connection was let in. */
  welcome: FromFrame<'welcome'> & { user: string; key: string | null };
  /** Every connection is in. */
  online: { type: 'online' };
  /** A connection that was in is lost. */
  offline: { type: 'offline'; channel: Channel };
  /** A connection closed; `final`: it is not retried (a refusal, a ban, …) until `reconnect()`. */
  close: Base<'close'> & { code: number; reason: string; final: boolean; error: Frame | null; wasIn: boolean };
  /** A reconnect is due after `delay` ms. */
  reconnecting: Base<'reconnecting'> & { attempt: number; delay: number; code: number };
  /** A message, once: `fresh` when live or missed while away, not earlier history. */
  message: FromFrame<'message'> & InStream & { fresh: boolean };
  edited: FromFrame<'edited'> & InStream;
  deleted: FromFrame<'deleted'> & InStream;
  /** A stream's history was lost (a new epoch, `recovered: false`): what the application shows of it is stale. */
  reset: { type: 'reset'; stream: string; epoch: string | null; offset: number | null; room?: string; peer?: string };
  /** A run of history closed (after a join, a recovery), or a mailbox was handed over (`mailbox`). */
  history: FromFrame<'history'> & Partial<InStream> & { recovered?: boolean; mailbox?: boolean };
  /** A request's ack, once per cid. */
  ack: FromFrame<'ack'> & { cid: string; status: string };
  /** An error frame: a refused frame (with `cid` when it had one). */
  error: FromFrame<'error'> & { code: string; cid?: string };
  presence: FromFrame<'presence'> & { room?: string };
  join: FromFrame<'join'> & { room?: string };
  leave: FromFrame<'leave'> & { room?: string };
  changes: FromFrame<'changes'> & { room: string };
  members: FromFrame<'members'> & { room: string };
  watching: FromFrame<'watching'>;
  users: FromFrame<'users'>;
  typing: FromFrame<'typing'> & { room?: string };
  delivered: FromFrame<'delivered'>;
  read: FromFrame<'read'>;
  /** Every frame after a welcome, before its own event. */
  frame: FromFrame<'frame'>;
}

/** Any event: those above, and one for each other frame type (`claimed`, `blocked`, …). */
export interface AnyEvent {
  type: string;
  channel?: Channel;
  frame?: Frame;
  [field: string]: unknown;
}

/** A request sent with a cid: resolves with its ack, rejects with a ChatError. */
export type Request = Promise<Frame> & { cid: string };

export interface Page { frame: Frame; epoch: string | null; offset: number; messages: Frame[] }
export interface RoomPage { room: string; epoch?: string; latest: number; messages: Frame[] }

export class ChatClient {
  constructor(options: ChatClientOptions);
  /** The user's name as the service spells it, once welcomed. */
  readonly user: string;
  /** The name's key, once welcomed (names mode). */
  readonly key: string | null;
  /** Whether every connection is welcomed and open. */
  readonly online: boolean;

  /** Calls the listener for every event of the type ('*': every event); returns a function that stops it. */
  on<K extends keyof ChatEvents>(type: K, listener: (event: ChatEvents[K]) => void): () => void;
  on(type: string, listener: (event: AnyEvent) => void): () => void;
  off(type: string, listener: (event: any) => void): void;
  /** The next event of the type for which `test` holds. */
  once<K extends keyof ChatEvents>(type: K, test?: (event: ChatEvents[K]) => boolean): Promise<ChatEvents[K]>;
  once(type: string, test?: (event: AnyEvent) => boolean): Promise<AnyEvent>;

  /** Opens the connections; resolves once all are welcomed, rejects with a ChatError if the first try is refused. */
  connect(): Promise<ChatClient>;
  /** Closes for good; with `release`, gives the name's claim up first. */
  close(options?: { release?: boolean }): void;
  /** After a final close: tries again now or after `delayMs`. */
  reconnect(delayMs?: number): Promise<ChatClient>;
  /** Whether this connection is welcomed and open. */
  connected(channel: Channel): boolean;
  /** Where the client is in a stream, for recovery. */
  position(target: Target): Position | null;

  sendToRoom(room: string, text: string, extra?: Partial<Frame>): Request;
  sendTo(user: string, text: string, extra?: Partial<Frame>): Request;
  join(room: string): Request;
  leave(room: string): Request;
  members(room: string, page?: { after?: string; limit?: number }): boolean;
  watch(users: string[], mode?: 'replace' | 'add' | 'remove'): boolean;
  lookup(prefix: string, page?: { after?: string; limit?: number }): boolean;
  typing(target: Target): boolean;
  /** A receipt for a received private message frame. */
  confirm(message: Frame, kind?: 'received' | 'read'): Request;
  edit(target: Target, message: { id: string; offset: number }, text: string): Request;
  remove(target: Target, message: { id: string; offset: number }): Request;
  claim(): Request;
  release(): Request;
  block(user: string): Request;
  unblock(user: string): Request;
  /** Any frame with a cid, kept and sent again after a reconnect until answered. */
  request(channel: Channel, frame: Partial<Frame>): Request;
  /** Any frame as it is, now; false when the connection is not open. */
  send(channel: Channel, frame: Partial<Frame>): boolean;

  roomHistory(room: string, page?: { before?: number; limit?: number }): Promise<RoomPage | null>;
  privateHistory(user: string, page?: { before?: number; limit?: number }): Promise<Page>;
}
