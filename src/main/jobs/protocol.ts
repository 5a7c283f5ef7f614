/**
 * Messages between the service (parent) and a trainer process (child). The child runs one job and
 * exits; the parent validates everything it receives, so a confused child cannot corrupt the service.
 */
import { z } from 'zod';
import { DoctorReportSchema, JobSpecSchema } from '../../shared/contract';
import { ErrorShapeSchema } from '../../shared/errors';

export const ParentMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('run'),
    jobId: z.string(),
    spec: JobSpecSchema,
    /** What the service resolved for the job (e.g. the dataset of a training job). */
    context: z.unknown().optional(),
  }),
  z.object({ type: z.literal('cancel'), jobId: z.string() }),
  z.object({ type: z.literal('doctor') }),
]);
export type ParentMessage = z.infer<typeof ParentMessageSchema>;

export const ChildMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('progress'),
    jobId: z.string(),
    step: z.number().int().min(0),
    total: z.number().int().min(0).optional(),
    message: z.string().optional(),
    metrics: z.record(z.string(), z.number()).optional(),
  }),
  z.object({ type: z.literal('done'), jobId: z.string(), result: z.unknown() }),
  z.object({ type: z.literal('failed'), jobId: z.string(), error: ErrorShapeSchema }),
  z.object({ type: z.literal('doctor'), report: DoctorReportSchema }),
]);
export type ChildMessage = z.infer<typeof ChildMessageSchema>;

export interface ExitInfo {
  code: number | null;
  signal: string | null;
  /** The last lines the process printed, when any were kept. */
  output?: string;
}

/** One trainer process, whatever runs it (child_process.fork, Electron utilityProcess, inline). */
export interface TrainerTransport {
  readonly pid: number | undefined;
  send(message: ParentMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (info: ExitInfo) => void): void;
  /** Ends the process now (SIGKILL where there is one). Safe to call twice. */
  kill(): void;
}

export type SpawnTrainer = () => TrainerTransport;
