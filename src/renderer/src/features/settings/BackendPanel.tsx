// The live compute backend (the first thing Settings answers) and, separately, why each candidate was
// or was not used and what the GPU one needs.
import type { DoctorReport } from '../../../../shared/contract';
import { candidateStatus } from './format';

const pillClass = {
  ok: 'pill pill-ok',
  'not used': 'pill pill-neutral',
  failed: 'pill pill-failed',
} as const;

export function LiveBackendPanel({ doctor }: { doctor: DoctorReport }) {
  const patched = doctor.patchedKernels;
  return (
    <section className="panel" aria-labelledby="backend-heading">
      <h2 id="backend-heading">Compute backend</h2>
      <p className="live-line">
        Live backend: <strong data-testid="live-backend">{doctor.backend}</strong>
      </p>
      <p className="muted">
        TensorFlow.js {doctor.tfjsVersion} on {doctor.platform} {doctor.arch}, Node {doctor.node}
        {patched.length > 0
          ? `. deskfit adds ${patched.length} gradient kernel${patched.length === 1 ? '' : 's'} this backend lacks: ${patched.join(', ')}.`
          : '.'}
      </p>
    </section>
  );
}

export function CandidatesPanel({ doctor }: { doctor: DoctorReport }) {
  return (
    <section className="panel" aria-labelledby="candidates-heading">
      <h2 id="candidates-heading">Backend candidates</h2>
      <div className="table-scroll">
        <table className="data-table" data-testid="backend-candidates">
          <caption>In the order deskfit tries them; the first that works is used.</caption>
          <thead>
            <tr>
              <th scope="col">Backend</th>
              <th scope="col">Status</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {doctor.candidates.map((candidate, index) => {
              const status = candidateStatus(doctor.candidates, index, doctor.backend);
              return (
                <tr key={candidate.name} data-status={status}>
                  <th scope="row">
                    <code>{candidate.name}</code>
                  </th>
                  <td>
                    <span className={pillClass[status]}>{status}</span>
                  </td>
                  <td className="reason">
                    {candidate.reason}
                    {candidate.requires !== undefined && (
                      <span className="requires">Requires {candidate.requires}</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h3>GPU</h3>
      <p data-testid="gpu-requirements">
        The GPU backend (<code>tfjs-node-gpu</code>) needs CUDA {doctor.gpu.cuda} and cuDNN {doctor.gpu.cudnn}{' '}
        on {doctor.gpu.platforms}. {doctor.gpu.note}
      </p>
    </section>
  );
}
