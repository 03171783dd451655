// The jargon check: finds glossary terms and common abbreviations in text, says where they are and what
// to write instead, and scores how easy the text is to read. Pure: the caller brings the glossary.
import { BUILT_IN_TERMS } from './built-in.ts';
import { type ReadingEase, readingEase } from './reading-ease.ts';

export interface GlossaryEntry {
  term: string;
  /** The wording to use instead. */
  preferred: string;
  meaning?: string;
}

export interface JargonFinding {
  term: string;
  /** The text as written, which may differ in case (or end in a plural "s" for an abbreviation). */
  match: string;
  /** UTF-16 offsets, as JavaScript strings count them: text.slice(start, end) === match. */
  start: number;
  end: number;
  preferred: string;
  meaning: string | null;
  source: 'glossary' | 'built_in';
}

export interface JargonCheck {
  findings: JargonFinding[];
  readingEase: ReadingEase | null;
}

/**
 * Abbreviations are matched as written ("OT" but not "ot", "DoLS" but not "dols") so that everyday words
 * spelt the same ("su", "od") are left alone; other terms match in any case. A short single word holding a
 * capital letter is taken to be an abbreviation.
 */
export function isAbbreviation(term: string): boolean {
  return term.length <= 6 && !/\s/.test(term) && /\p{Lu}/u.test(term);
}

const patterns = new Map<string, RegExp>();

function patternFor(term: string): RegExp {
  let pattern = patterns.get(term);
  if (pattern) return pattern;
  const body = term
    .trim()
    .split(/[\s-]+/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\s-]+');
  // Whole words only: no letter or digit either side. Abbreviations may take a plural "s" ("MDTs").
  const abbreviation = isAbbreviation(term);
  const source = `(?<![\\p{L}\\p{N}])${body}${abbreviation ? 's?' : ''}(?![\\p{L}\\p{N}])`;
  pattern = new RegExp(source, abbreviation ? 'gu' : 'giu');
  if (patterns.size > 5000) patterns.clear();
  patterns.set(term, pattern);
  return pattern;
}

const key = (term: string) => term.trim().toLowerCase();

/** The partnership's entries, then the built-in ones it has not defined itself. */
export function withBuiltIn(glossary: readonly GlossaryEntry[]) {
  const own = new Set(glossary.map((g) => key(g.term)));
  return [
    ...glossary.map((g) => ({ ...g, source: 'glossary' as const })),
    ...BUILT_IN_TERMS.filter((b) => !own.has(key(b.term))).map((b) => ({
      term: b.term,
      preferred: b.preferred,
      meaning: b.meaning,
      source: 'built_in' as const,
    })),
  ];
}

/**
 * Finds each glossary term (and, unless `builtIn` is false, each built-in abbreviation the glossary does
 * not define) in the text. An entry whose preferred wording is the term itself is agreed language, not
 * jargon, and is not flagged. Where two terms overlap, the one starting first (then the longer) wins.
 */
export function checkJargon(
  text: string,
  glossary: readonly GlossaryEntry[],
  options: { builtIn?: boolean; target?: number } = {},
): JargonCheck {
  const entries =
    options.builtIn === false
      ? glossary.map((g) => ({ ...g, source: 'glossary' as const }))
      : withBuiltIn(glossary);
  const candidates: JargonFinding[] = [];
  for (const entry of entries) {
    if (!entry.term.trim() || key(entry.term) === key(entry.preferred)) continue;
    for (const m of text.matchAll(patternFor(entry.term))) {
      candidates.push({
        term: entry.term,
        match: m[0],
        start: m.index,
        end: m.index + m[0].length,
        preferred: entry.preferred,
        meaning: entry.meaning ?? null,
        source: entry.source,
      });
    }
  }
  candidates.sort((a, b) => a.start - b.start || b.end - a.end);
  const findings: JargonFinding[] = [];
  for (const c of candidates) {
    const last = findings.at(-1);
    if (!last || c.start >= last.end) findings.push(c);
  }
  return { findings, readingEase: readingEase(text, options.target) };
}

export interface Segment {
  text: string;
  /** 1-based number of the finding this segment is, for a marked-up view with numbered suggestions. */
  finding?: number;
}

/** The text cut into plain and flagged pieces, so a template can mark the flagged ones without markup in data. */
export function segments(text: string, findings: readonly JargonFinding[]): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  findings.forEach((f, i) => {
    if (f.start > at) out.push({ text: text.slice(at, f.start) });
    out.push({ text: text.slice(f.start, f.end), finding: i + 1 });
    at = f.end;
  });
  if (at < text.length) out.push({ text: text.slice(at) });
  return out;
}

/** The segments line by line, so a page can show the text's own line breaks without markup in data. */
export function segmentLines(text: string, findings: readonly JargonFinding[]): Segment[][] {
  const lines: Segment[][] = [[]];
  for (const segment of segments(text, findings)) {
    segment.text.split(/\r?\n/).forEach((piece, i) => {
      if (i > 0) lines.push([]);
      if (piece) lines.at(-1)!.push({ ...segment, text: piece });
    });
  }
  return lines;
}
