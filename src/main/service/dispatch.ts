/**
 * The single door into the service for every transport: checks the channel name, parses the input
 * with the contract's schema (refusing bad payloads before any handler runs, so nothing changes),
 * calls the handler, checks its output, and turns any failure into a plain `{code, message}` reply.
 */
import {
  isRequestName,
  requests,
  type RequestArgs,
  type RequestName,
  type RequestOutput,
} from '../../shared/contract';
import { DeskfitError, describeZodError, toErrorShape } from '../../shared/errors';
import type { Reply } from '../../shared/wire';

export type Handlers = {
  [K in RequestName]: (input: RequestArgs<K>) => Promise<RequestOutput<K>>;
};

export async function dispatchRequest(
  handlers: Handlers,
  channel: unknown,
  rawInput: unknown,
): Promise<Reply> {
  try {
    if (!isRequestName(channel)) {
      throw new DeskfitError(
        'UNKNOWN_CHANNEL',
        `Unknown request channel ${JSON.stringify(channel)}. Known channels: ${Object.keys(requests).join(', ')}.`,
      );
    }
    const spec = requests[channel];
    const parsed = spec.input.safeParse(rawInput === undefined ? {} : rawInput);
    if (!parsed.success) {
      const { message, details } = describeZodError(`input for ${channel}`, parsed.error);
      throw new DeskfitError('BAD_REQUEST', message, details);
    }
    const handler = handlers[channel] as (input: unknown) => Promise<unknown>;
    const value = spec.output.parse(await handler(parsed.data));
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: toErrorShape(err) };
  }
}
