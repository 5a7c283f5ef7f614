// Numbers as the Train page and fastai print them: rates in scientific notation, losses to 3–4
// significant digits, epoch times as mm:ss, and a rough "time left".

/** 0.0012 → "1.2e-3", 3e-4 → "3e-4", 0.1 → "0.1". */
export function formatLr(lr: number): string {
  if (!Number.isFinite(lr)) return String(lr);
  if (lr === 0) return '0';
  if (lr >= 0.01 && lr < 100) return String(Number(lr.toPrecision(3)));
  const [mantissa = '0', exponent = '0'] = lr.toExponential(2).split('e');
  const m = String(Number(mantissa));
  return `${m}e${Number(exponent)}`;
}

/** Parses what a person types for a rate: "1e-3", "0.001", "3E-4". Null when it is not a positive number. */
export function parseLr(text: string): number | null {
  const trimmed = text.trim();
  if (!/^[+]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) && value > 0 ? value : null;
}

/** Losses and metrics as fastai's table prints them (6 decimals), or "—" for none. */
export function formatTableNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (!Number.isFinite(value)) return String(value);
  return value.toFixed(6);
}

/** Short loss for labels and tooltips. */
export function formatLossShort(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const size = Math.abs(value);
  if (size === 0) return '0';
  if (size >= 100) return value.toFixed(1);
  if (size >= 0.001) return value.toPrecision(3);
  return value.toExponential(2);
}

/** fastai's epoch time: "00:07", "01:05", "1:02:03". */
export function formatClock(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

/** "about 2 min left", "45 s left". */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return 'estimating time left…';
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s left`;
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min left`;
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  return `about ${h} h ${m} min left`;
}

/** 480.4 → "480", 9.53 → "9.5". */
export function formatPerSecond(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return value >= 10 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1);
}

/** Fraction as a percentage: 0.0312 → "3.1%". */
export function formatPercent(value: number): string {
  if (!Number.isFinite(value)) return '—';
  return `${(value * 100).toFixed(1)}%`;
}

export function formatDateTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}
