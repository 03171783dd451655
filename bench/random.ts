// Seeded randomness for generated data: the same seed gives the same names, dates and roles.

/**
 * A valid NHS number (modulus 11 check digit) in the 999 range, which NHS England reserves for testing
 * and never issues to a patient.
 */
export function testNhsNumber(random: Random): string {
  for (;;) {
    const digits = [9, 9, 9, ...Array.from({ length: 6 }, () => random.int(0, 9))];
    const sum = digits.reduce((s, d, i) => s + d * (10 - i), 0);
    const check = 11 - (sum % 11);
    if (check === 10) continue;
    return [...digits, check === 11 ? 0 : check].join('');
  }
}

/** A small seeded generator (mulberry32): fast, and the same seed gives the same data. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  /** Up to n different items, in random order. */
  sample<T>(items: readonly T[], n: number): T[] {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < n && pool.length) out.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0]!);
    return out;
  }
  weighted<T extends string>(weights: Readonly<Record<T, number>>): T {
    const entries = Object.entries(weights) as Array<[T, number]>;
    let r = this.next() * entries.reduce((s, [, w]) => s + w, 0);
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    return entries[entries.length - 1]![0];
  }
  /** The 'YYYY-MM-DD' a random number of days (between min and max) from a date. */
  daysFrom(date: string, min: number, max: number): string {
    return new Date(Date.parse(`${date}T00:00:00Z`) + this.int(min, max) * 86_400_000)
      .toISOString()
      .slice(0, 10);
  }
  /** A 'YYYY-MM-DD' between two dates, inclusive. */
  date(from: string, to: string): string {
    const day = this.int(Date.parse(from) / 86_400_000, Date.parse(to) / 86_400_000);
    return new Date(day * 86_400_000).toISOString().slice(0, 10);
  }
}
