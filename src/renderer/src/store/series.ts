// Keeps long chart series cheap to draw: recharts slows down past about a thousand points.
export function downsample<T>(points: readonly T[], maxPoints = 1000): T[] {
  if (maxPoints < 2) throw new RangeError(`maxPoints must be at least 2, got ${maxPoints}`);
  if (points.length <= maxPoints) return points.slice();
  const out: T[] = [];
  const stride = (points.length - 1) / (maxPoints - 1);
  for (let i = 0; i < maxPoints; i++) {
    const point = points[Math.round(i * stride)];
    if (point !== undefined) out.push(point);
  }
  return out;
}
