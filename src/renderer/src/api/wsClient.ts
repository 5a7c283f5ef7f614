/**
 * The browser's side of `deskfit serve`: the contract's `Api` spoken over one WebSocket with the
 * messages of `src/shared/wire.ts`. Calls are tagged with ids and answered by `result` messages;
 * events arrive untagged. The socket reconnects with capped exponential backoff, and every call that
 * was in flight when it dropped is rejected (not silently retried: the server may have run it).
 */
import {
  events,
  isEventName,
  requests,
  type Api,
  type EventName,
  type EventPayload,
  type RequestInput,
  type RequestName,
  type RequestOutput,
} from '../../../shared/contract';
import { DeskfitError } from '../../../shared/errors';
import { ServerMessageSchema, type ClientMessage } from '../../../shared/wire';

/** The part of a WebSocket this client uses, so tests can pass a small fake; the DOM one fits. */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}
export type WebSocketConstructorLike = new (url: string) => WebSocketLike;

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'error' | 'closed';

export interface ConnectionStatus {
  state: ConnectionState;
  /** Consecutive failed connection attempts (0 while connected). */
  failedAttempts: number;
  /** What went wrong and what to do, for `reconnecting`, `error` and `closed`. */
  message?: string;
}

export interface StatusSource {
  /** Calls `listener` at once with the current status, then on every change. Returns its disposer. */
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
}

export type WsApi = Api &
  StatusSource & {
    readonly status: ConnectionStatus;
    /** Closes the socket for good: no reconnect; pending and queued calls are rejected. */
    close(): void;
  };

export interface WsApiOptions {
  url: string;
  WebSocketImpl?: WebSocketConstructorLike;
  /** First reconnect delay; doubles each failed attempt up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** After this many failed attempts in a row the state becomes `error` and queued calls are rejected. */
  errorAfterAttempts?: number;
}

const OPEN = 1;

interface PendingCall {
  channel: RequestName;
  resolve: (value: unknown) => void;
  reject: (error: DeskfitError) => void;
}

interface QueuedCall extends PendingCall {
  message: ClientMessage;
}

type AnyListener = (payload: unknown) => void;

/** Where the server lives, for messages: the URL without its query (which holds the token). */
function displayUrl(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

export function createWsApi(options: WsApiOptions): WsApi {
  const found: WebSocketConstructorLike | undefined =
    options.WebSocketImpl ?? (typeof WebSocket === 'undefined' ? undefined : WebSocket);
  if (found === undefined) throw new DeskfitError('INTERNAL', 'This environment has no WebSocket.');
  const Impl: WebSocketConstructorLike = found;
  const initialDelayMs = options.initialDelayMs ?? 250;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  const errorAfterAttempts = options.errorAfterAttempts ?? 4;
  const where = displayUrl(options.url);

  let socket: WebSocketLike | null = null;
  let nextId = 1;
  let closedForGood = false;
  let everConnected = false;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let status: ConnectionStatus = { state: 'connecting', failedAttempts: 0 };

  const inFlight = new Map<number, PendingCall>();
  const queue: QueuedCall[] = [];
  const listeners = new Map<EventName, Set<AnyListener>>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();

  function setStatus(next: ConnectionStatus): void {
    status = next;
    for (const listener of [...statusListeners]) listener(next);
  }

  function lostError(): DeskfitError {
    return new DeskfitError(
      'DISCONNECTED',
      `The connection to deskfit serve (${where}) was lost before it answered. ` +
        'Check that it is still running; the app reconnects by itself, then try again.',
    );
  }

  function unreachableError(): DeskfitError {
    return new DeskfitError(
      'DISCONNECTED',
      `Cannot reach deskfit serve at ${where}. Check that it is running and that you opened the URL it ` +
        'printed (the token in it changes every time serve starts).',
    );
  }

  function rejectInFlight(error: DeskfitError): void {
    const calls = [...inFlight.values()];
    inFlight.clear();
    for (const call of calls) call.reject(error);
  }

  function rejectQueued(error: DeskfitError): void {
    const calls = queue.splice(0, queue.length);
    for (const call of calls) call.reject(error);
  }

  function send(call: QueuedCall): void {
    if (socket === null || socket.readyState !== OPEN) {
      queue.push(call);
      return;
    }
    inFlight.set(call.message.id, call);
    try {
      socket.send(JSON.stringify(call.message));
    } catch {
      inFlight.delete(call.message.id);
      queue.push(call);
    }
  }

  function settle(
    id: number,
    reply: { ok: true; value: unknown } | { ok: false; error: DeskfitError },
  ): void {
    const call = inFlight.get(id);
    if (call === undefined) return;
    inFlight.delete(id);
    if (!reply.ok) {
      call.reject(reply.error);
      return;
    }
    const parsed = requests[call.channel].output.safeParse(reply.value);
    if (parsed.success) call.resolve(parsed.data);
    else
      call.reject(
        new DeskfitError(
          'BAD_REPLY',
          `deskfit serve answered "${call.channel}" with data this app does not understand; ` +
            'the server and this page may be different versions. Reload the page.',
          parsed.error.issues,
        ),
      );
  }

  function dispatch(channel: string, payload: unknown): void {
    if (!isEventName(channel)) return;
    const parsed = events[channel].safeParse(payload);
    if (!parsed.success) {
      console.warn(`deskfit: ignored a malformed "${channel}" event`, parsed.error.issues);
      return;
    }
    for (const listener of [...(listeners.get(channel) ?? [])]) {
      try {
        listener(parsed.data);
      } catch (err) {
        console.error(`deskfit: a "${channel}" listener threw`, err);
      }
    }
  }

  function handleMessage(data: unknown): void {
    let raw: unknown;
    try {
      raw = typeof data === 'string' ? JSON.parse(data) : undefined;
    } catch {
      raw = undefined;
    }
    const parsed = ServerMessageSchema.safeParse(raw);
    if (!parsed.success) {
      console.warn('deskfit: ignored a message from deskfit serve that is not part of the protocol');
      return;
    }
    const message = parsed.data;
    if (message.type === 'event') {
      dispatch(message.channel, message.payload);
      return;
    }
    if (message.id === null) {
      // A reply to no call: the server refused the connection or a message outright.
      if (!message.reply.ok) {
        const error = DeskfitError.from(message.reply.error);
        if (error.code === 'UNAUTHORIZED') {
          closedForGood = true;
          setStatus({ state: 'error', failedAttempts: status.failedAttempts, message: error.message });
          rejectQueued(error);
          rejectInFlight(error);
        } else {
          console.warn(`deskfit serve reported: ${error.message}`);
        }
      }
      return;
    }
    settle(
      message.id,
      message.reply.ok
        ? { ok: true, value: message.reply.value }
        : { ok: false, error: DeskfitError.from(message.reply.error) },
    );
  }

  function scheduleReconnect(): void {
    const failedAttempts = status.failedAttempts + 1;
    if (failedAttempts >= errorAfterAttempts) {
      const error = unreachableError();
      setStatus({ state: 'error', failedAttempts, message: error.message });
      rejectQueued(error);
    } else {
      setStatus({
        state: 'reconnecting',
        failedAttempts,
        message: everConnected
          ? `Lost the connection to deskfit serve (${where}); reconnecting.`
          : `Cannot reach deskfit serve at ${where} yet; retrying.`,
      });
    }
    const delay = Math.min(maxDelayMs, initialDelayMs * 2 ** (failedAttempts - 1));
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      connect();
    }, delay);
  }

  function connect(): void {
    if (closedForGood) return;
    let ws: WebSocketLike;
    try {
      ws = new Impl(options.url);
    } catch (err) {
      console.error('deskfit: could not open the WebSocket', err);
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      everConnected = true;
      setStatus({ state: 'connected', failedAttempts: 0 });
      for (const call of queue.splice(0, queue.length)) send(call);
    };
    ws.onmessage = (event) => {
      if (socket === ws) handleMessage(event.data);
    };
    ws.onerror = () => {
      // A close event always follows; that is where we react.
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      rejectInFlight(lostError());
      if (!closedForGood) scheduleReconnect();
    };
  }

  const api: WsApi = {
    get status() {
      return status;
    },

    invoke<K extends RequestName>(channel: K, input: RequestInput<K>): Promise<RequestOutput<K>> {
      return new Promise<RequestOutput<K>>((resolve, reject) => {
        if (closedForGood) {
          reject(
            status.state === 'error' && status.message !== undefined
              ? new DeskfitError('DISCONNECTED', status.message)
              : new DeskfitError('DISCONNECTED', 'The connection to deskfit serve was closed.'),
          );
          return;
        }
        if (status.state === 'error') {
          reject(unreachableError());
          return;
        }
        const id = nextId++;
        send({
          message: { type: 'call', id, channel, input },
          channel,
          // The reply was checked against the contract's output schema for `channel` in `settle`.
          resolve: (value) => resolve(value as RequestOutput<K>),
          reject,
        });
      });
    },

    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      let set = listeners.get(event);
      if (set === undefined) {
        set = new Set();
        listeners.set(event, set);
      }
      // Payloads were checked against the contract's schema for `event` in `dispatch`.
      const wrapped = listener as AnyListener;
      set.add(wrapped);
      return () => {
        listeners.get(event)?.delete(wrapped);
      };
    },

    onStatus(listener) {
      statusListeners.add(listener);
      listener(status);
      return () => {
        statusListeners.delete(listener);
      };
    },

    close() {
      if (closedForGood && status.state === 'closed') return;
      closedForGood = true;
      if (reconnectTimer !== null) clearTimeout(reconnectTimer);
      reconnectTimer = null;
      const ws = socket;
      socket = null;
      ws?.close(1000, 'closed by the app');
      const error = new DeskfitError('DISCONNECTED', 'The connection to deskfit serve was closed.');
      rejectInFlight(error);
      rejectQueued(error);
      setStatus({ state: 'closed', failedAttempts: 0, message: error.message });
    },
  };

  connect();
  return api;
}
