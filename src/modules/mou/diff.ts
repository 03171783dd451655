// What changed between two versions of the written agreement, section by section, line by line. A longest
// common subsequence is enough: sections are short, and readers want "this line went, this line came".
import type { MouAim } from '../../storage/tables.ts';

export type DiffLine = { kind: 'same' | 'added' | 'removed'; text: string };

export interface SectionChange {
  section: string;
  lines: DiffLine[];
}

export interface AgreementText {
  purpose: string;
  aims: MouAim[];
  responsibilities: Record<string, string>;
  reviewOn: string;
}

export function lineDiff(before: readonly string[], after: readonly string[]): DiffLine[] {
  const n = before.length;
  const m = after.length;
  // lcs[i][j]: length of the longest common subsequence of before[i..] and after[j..].
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] =
        before[i] === after[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (before[i] === after[j]) {
      out.push({ kind: 'same', text: before[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      out.push({ kind: 'removed', text: before[i++]! });
    } else {
      out.push({ kind: 'added', text: after[j++]! });
    }
  }
  while (i < n) out.push({ kind: 'removed', text: before[i++]! });
  while (j < m) out.push({ kind: 'added', text: after[j++]! });
  return out;
}

function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** The sections that differ, each with its line diff; an unchanged section is left out. */
export function agreementChanges(
  before: AgreementText,
  after: AgreementText,
  organisations: ReadonlyArray<{ id: string; name: string }>,
  formatDate: (iso: string) => string,
): SectionChange[] {
  const sections: Array<[string, string[], string[]]> = [
    ['Purpose', lines(before.purpose), lines(after.purpose)],
    ['Shared aims', before.aims.map((a) => a.text), after.aims.map((a) => a.text)],
    ...organisations.map((o): [string, string[], string[]] => [
      `Responsibilities: ${o.name}`,
      lines(before.responsibilities[o.id] ?? ''),
      lines(after.responsibilities[o.id] ?? ''),
    ]),
    ['Review date', [formatDate(before.reviewOn)], [formatDate(after.reviewOn)]],
  ];
  return sections
    .map(([section, a, b]) => ({ section, lines: lineDiff(a, b) }))
    .filter((s) => s.lines.some((l) => l.kind !== 'same'));
}

export function sameText(a: AgreementText, b: AgreementText): boolean {
  const resp = (r: Record<string, string>) =>
    JSON.stringify(
      Object.entries(r)
        .filter(([, v]) => v !== '')
        .sort(([x], [y]) => x.localeCompare(y)),
    );
  return (
    a.purpose === b.purpose &&
    a.reviewOn === b.reviewOn &&
    JSON.stringify(a.aims) === JSON.stringify(b.aims) &&
    resp(a.responsibilities) === resp(b.responsibilities)
  );
}
