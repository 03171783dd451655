// The audit trail's words turned into the person's: what was looked at, and on which basis, said plainly.
// The bases are the ones the policy records (src/policy/person.ts); an unknown one is shown as "other".
import type { DataCategory } from '../../storage/tables.ts';

const WHAT: Record<string, string> = {
  'person.read.record': 'Your record',
  'person.read.notes': 'Notes about you',
  'person.read.timeline': 'Updates about you',
  'person.read.timeline_entry': 'An update about you and its history',
  'person.read.timeline_form': 'Who you are, to write an update about you',
  'person.read.sharing': 'Who can see your information',
  'person.read.preferred_format': 'How you like to get information',
  'break_glass.start': 'Opened your record in an emergency',
  'audit.search': 'Checked who has looked at your record',
};

const CATEGORY_WORDS: Record<DataCategory, string> = {
  health: 'your health',
  social_care: 'your care and support',
  mental_health: 'your mental health',
  contact: 'your contact details',
  communication: '“about me” and how you like information',
  safeguarding: 'keeping you safe',
};

const BASIS_WORDS: Record<string, string> = {
  care_team: 'They are in your care team',
  organisation_on_care_team: 'They manage a team that is in your care team',
  break_glass: 'Emergency access',
  own_organisation: 'Their own organisation holds this information',
  consent: 'You said yes to sharing it (consent)',
  best_interests: 'A decision made in your best interests',
  safeguarding: 'To keep you safe (safeguarding)',
  vital_interests: 'To protect your life or health (vital interests)',
  representative: 'You said they may see your record',
  'role:ig_lead': 'They check how your information is used',
  agreement: 'The organisations have an agreement to share information',
};

/** "Your record: your contact details, “about me” and how you like information". */
export function whatWords(action: string, detail: Record<string, unknown>): string {
  const what = WHAT[action] ?? 'Part of your record';
  const shown = Array.isArray(detail.shown)
    ? detail.shown.filter((c): c is DataCategory => typeof c === 'string' && c in CATEGORY_WORDS)
    : [];
  return shown.length ? `${what}: ${shown.map((c) => CATEGORY_WORDS[c]).join(', ')}` : what;
}

/** Each distinct basis once, in plain words: "They are in your care team", "You said yes to sharing it". */
export function basisWords(basis: string | null): string[] {
  if (!basis) return [];
  const tokens = basis
    .split(' | ')
    .flatMap((part) => part.split(';'))
    .map((t) => (t.startsWith('agreement:') ? 'agreement' : t))
    .filter(Boolean);
  return [...new Set(tokens.map((t) => BASIS_WORDS[t] ?? 'Another reason recorded by the care team'))];
}

/** One sentence a line, for easy read: "I like gardening. I see Dave." -> ["I like gardening.", "I see Dave."] */
export function sentences(text: string | null | undefined): string[] {
  if (!text) return [];
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
