/**
 * Typed fan-out of contract events from the service to whatever transport is attached (Electron IPC,
 * WebSocket clients, the CLI). Payloads are validated against the contract before they leave.
 */
import { events, type EventName, type EventPayload } from '../../shared/contract';

type AnyListener = (channel: EventName, payload: unknown) => void;

export class EventHub {
  private readonly listeners = new Set<AnyListener>();

  emit<E extends EventName>(channel: E, payload: EventPayload<E>): void {
    const checked = events[channel].parse(payload);
    for (const listener of [...this.listeners]) listener(channel, checked);
  }

  /** Every event, for transports that forward them all. Returns the disposer. */
  onAny(listener: AnyListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  on<E extends EventName>(channel: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.onAny((name, payload) => {
      if (name === channel) listener(payload as EventPayload<E>);
    });
  }
}
