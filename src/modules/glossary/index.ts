// Glossary: the partnership's agreed shared language (term, who uses it, plain meaning, wording to use) and
// the plain English check that runs on plan text, minutes and everything written for the person: jargon
// with suggested wording, and Flesch reading ease against a target (70+ for the person, 60+ for staff).
export { BUILT_IN_TERMS, type BuiltInTerm } from './built-in.ts';
export {
  checkJargon,
  type GlossaryEntry,
  isAbbreviation,
  type JargonCheck,
  type JargonFinding,
  type Segment,
  segmentLines,
  segments,
} from './jargon.ts';
export {
  countText,
  PERSON_FACING_TARGET,
  type ReadingEase,
  readingEase,
  STAFF_TARGET,
} from './reading-ease.ts';
export { AUDIENCES, type Audience, checkInput, glossaryTermInput } from './schema.ts';
export {
  createTerm,
  getTerm,
  glossaryEntries,
  glossarySummary,
  listTerms,
  removeTerm,
  seedGlossary,
  updateTerm,
  type WordingCheck,
  wordingCheck,
} from './service.ts';
