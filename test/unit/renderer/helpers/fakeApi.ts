// An in-memory Api: canned replies per channel, a record of calls, and events the test emits.
import type {
  Api,
  EventName,
  EventPayload,
  RequestInput,
  RequestName,
  RequestOutput,
} from '../../../../src/shared/contract';
import { DeskfitError } from '../../../../src/shared/errors';
import { defaultUiPreferences } from '../../../../src/shared/preferences';

export type Handlers = {
  [K in RequestName]?: (input: RequestInput<K>) => RequestOutput<K> | Promise<RequestOutput<K>>;
};

export interface Call {
  channel: RequestName;
  input: unknown;
}

export class FakeApi implements Api {
  readonly calls: Call[] = [];
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();

  public handlers: Handlers;

  /** `handlers` over defaults every app start asks for (the stored preferences). */
  constructor(handlers: Handlers = {}) {
    let preferences = defaultUiPreferences;
    this.handlers = {
      'preferences:get': () => preferences,
      'preferences:save': (change) => (preferences = { ...preferences, ...change }),
      ...handlers,
    };
  }

  invoke<K extends RequestName>(channel: K, input: RequestInput<K>): Promise<RequestOutput<K>> {
    this.calls.push({ channel, input });
    const handler = this.handlers[channel] as
      ((input: RequestInput<K>) => RequestOutput<K> | Promise<RequestOutput<K>>) | undefined;
    if (handler === undefined) {
      return Promise.reject(new DeskfitError('UNKNOWN_CHANNEL', `FakeApi has no handler for ${channel}`));
    }
    return Promise.resolve().then(() => handler(input));
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    let set = this.listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return () => {
      this.listeners.get(event)?.delete(listener);
    };
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      (listener as (payload: EventPayload<E>) => void)(payload);
    }
  }

  listenerCount(event: EventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  callsTo(channel: RequestName): Call[] {
    return this.calls.filter((c) => c.channel === channel);
  }
}
