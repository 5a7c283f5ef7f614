// The human-readable form of the backend report, for `deskfit doctor` on a terminal.
import type { DoctorReport } from '../../shared/contract';

export function formatDoctorReport(report: DoctorReport): string {
  const lines = [
    `Live backend: ${report.backend}  (tfjs ${report.tfjsVersion}, Node ${report.node}, ${report.platform}-${report.arch})`,
    '',
  ];
  const width = Math.max(...report.candidates.map((c) => c.name.length));
  for (const candidate of report.candidates) {
    const mark =
      candidate.name === report.backend
        ? 'live'
        : candidate.ok
          ? 'ok  '
          : candidate.reason.startsWith('not tried')
            ? 'skip'
            : 'no  ';
    lines.push(`  [${mark}] ${candidate.name.padEnd(width)}  ${candidate.reason}`);
    if (candidate.requires) lines.push(`         ${' '.repeat(width)}  requires: ${candidate.requires}`);
  }
  if (report.patchedKernels.length > 0) {
    lines.push(
      '',
      `Gradient kernels added by deskfit for ${report.backend}: ${report.patchedKernels.join(', ')}`,
    );
  }
  lines.push(
    '',
    `GPU training uses @tensorflow/tfjs-node-gpu: CUDA ${report.gpu.cuda} + cuDNN ${report.gpu.cudnn} on ${report.gpu.platforms}.`,
    report.gpu.note,
  );
  return lines.join('\n');
}
