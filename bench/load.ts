// Load against one route with autocannon, and the figures printed for it.
import autocannon from 'autocannon';

export interface LoadSettings {
  connections: number;
  /** Seconds measured. */
  duration: number;
  /** Seconds of load before measuring, thrown away (JIT, caches, the pool filling up). */
  warmup: number;
}

export interface RouteFigures {
  route: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  total: number;
  /** The server's CPU time per request while measured (its node process only), in milliseconds. */
  cpuPerRequest: number | null;
}

/**
 * Load on one route. With several paths (one route, many people), each connection requests them in turn,
 * so that the figures are not one person's page served from warm caches.
 */
export async function measure(
  baseUrl: string,
  route: string,
  headers: Record<string, string>,
  settings: LoadSettings,
  paths: readonly string[] = [route],
  /** The server's CPU time so far, in ms, to work out its CPU per request. */
  cpuTime?: () => number,
): Promise<RouteFigures> {
  const options = {
    url: `${baseUrl}${paths[0]}`,
    connections: settings.connections,
    headers,
    ...(paths.length > 1 ? { requests: paths.map((path) => ({ method: 'GET' as const, path })) } : {}),
  };
  if (settings.warmup > 0) await autocannon({ ...options, duration: settings.warmup });
  const cpuBefore = cpuTime?.();
  const result = await autocannon({ ...options, duration: settings.duration });
  const cpu = cpuTime && cpuBefore !== undefined ? cpuTime() - cpuBefore : null;
  return {
    route,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    total: result.requests.total,
    cpuPerRequest: cpu !== null && result.requests.total > 0 ? cpu / result.requests.total : null,
  };
}

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function mebibytes(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MiB`;
}
