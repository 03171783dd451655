// Flesch reading ease, from wooorm's `flesch` (the formula) and `syllable` (the syllable counter). We count
// sentences and words ourselves: a sentence ends at . ! or ? followed by a space or the end, and every line
// is its own sentence too (plans are written as short lines without full stops). A word is a run of letters
// and digits (with inner apostrophes or hyphens) holding at least one letter; bare numbers are left out
// because the syllable counter cannot say them.
import { flesch } from 'flesch';
import { syllable } from 'syllable';

/**
 * The score we ask of text written for the person: 70 or more, "fairly easy" on Flesch's scale, which
 * most 12 to 13 year olds read without trouble. Plain English for the public is usually put at 60 to 70;
 * people with learning disabilities, or reading in a second language, need text a step easier than that.
 */
export const PERSON_FACING_TARGET = 70;

/** For text between professionals (minutes, notes): plain English, 60 or more. */
export const STAFF_TARGET = 60;

export interface ReadingEase {
  sentences: number;
  words: number;
  syllables: number;
  /** Flesch reading ease: 120 at most; higher is easier. */
  score: number;
  /** The score to one decimal place, for showing. */
  shown: string;
  band: string;
  target: number;
  meetsTarget: boolean;
}

const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
const LETTER = /\p{L}/u;

export function countText(text: string): { sentence: number; word: number; syllable: number } {
  const sentences = text
    .split(/\r?\n|[.!?]+(?=\s|$)/)
    .map((piece) => (piece.match(WORD) ?? []).filter((w) => LETTER.test(w)))
    .filter((words) => words.length > 0);
  const words = sentences.flat();
  return {
    sentence: sentences.length,
    word: words.length,
    syllable: words.reduce((sum, w) => sum + Math.max(1, syllable(w)), 0),
  };
}

/** Flesch's own bands (1948), in words a reader of the check understands. */
export function bandOf(score: number): string {
  if (score >= 90) return 'Very easy';
  if (score >= 80) return 'Easy';
  if (score >= 70) return 'Fairly easy';
  if (score >= 60) return 'Plain English';
  if (score >= 50) return 'Fairly hard';
  if (score >= 30) return 'Hard';
  return 'Very hard';
}

/** Reading-ease figures for some text, or null when it has no words to score. */
export function readingEase(text: string, target = PERSON_FACING_TARGET): ReadingEase | null {
  const counts = countText(text);
  if (counts.word === 0) return null;
  const score = flesch(counts);
  return {
    sentences: counts.sentence,
    words: counts.word,
    syllables: counts.syllable,
    score,
    shown: score.toFixed(1),
    band: bandOf(score),
    target,
    meetsTarget: score >= target,
  };
}
