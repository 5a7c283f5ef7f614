/**
 * Messages that carry the contract over a byte stream (the WebSocket of `deskfit serve`, and the
 * Electron preload's reply envelope). Tagged unions with ids, errors as plain data.
 */
import { z } from 'zod';
import { ErrorShapeSchema } from './errors';

export const ClientMessageSchema = z.object({
  type: z.literal('call'),
  id: z.number().int(),
  channel: z.string(),
  input: z.unknown(),
});
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

export const ReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ErrorShapeSchema }),
]);
export type Reply = z.infer<typeof ReplySchema>;

export const ServerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number().int().nullable(), reply: ReplySchema }),
  z.object({ type: z.literal('event'), channel: z.string(), payload: z.unknown() }),
]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;
