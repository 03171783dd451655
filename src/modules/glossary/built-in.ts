// Abbreviations and phrases that health and social care staff use every day and the people they support
// often do not know. They are the jargon check's fallback (a partnership's own glossary entry for the same
// term wins) and the demo's starting glossary. "GP" is left out on purpose: nearly everyone knows it.
import type { OrganisationKind } from '../../storage/tables.ts';

export interface BuiltInTerm {
  term: string;
  /** What it stands for or means, in plain English. */
  meaning: string;
  /** What to write instead, in text for the person. */
  preferred: string;
  /** The kinds of organisation that use it most. */
  usedBy: readonly OrganisationKind[];
}

const NHS: readonly OrganisationKind[] = ['gp', 'community_health', 'mental_health'];
const CARE: readonly OrganisationKind[] = ['council'];
const EVERYONE: readonly OrganisationKind[] = ['council', 'gp', 'community_health', 'mental_health'];

export const BUILT_IN_TERMS: readonly BuiltInTerm[] = [
  {
    term: 'NFA',
    meaning: 'No further action: nothing more will be done about this for now.',
    preferred: 'no further action',
    usedBy: CARE,
  },
  {
    term: 'TCI',
    meaning: 'To come in: the date someone is booked to go into hospital.',
    preferred: 'date to go into hospital',
    usedBy: NHS,
  },
  {
    term: 'MDT',
    meaning: 'Multidisciplinary team: workers from different services meeting to plan together.',
    preferred: 'team meeting with workers from different services',
    usedBy: EVERYONE,
  },
  { term: 'LD', meaning: 'Learning disability.', preferred: 'learning disability', usedBy: EVERYONE },
  {
    term: 'SU',
    meaning: 'Service user: a person who gets care or support.',
    preferred: 'the person (use their name)',
    usedBy: CARE,
  },
  {
    term: 'DNA',
    meaning: 'Did not attend: the person missed an appointment.',
    preferred: 'did not come to the appointment',
    usedBy: NHS,
  },
  {
    term: 'OT',
    meaning: 'Occupational therapist: helps people do everyday tasks safely, often with equipment.',
    preferred: 'occupational therapist (helps with everyday tasks)',
    usedBy: ['council', 'community_health'],
  },
  {
    term: 'CPN',
    meaning: 'Community psychiatric nurse: a mental health nurse who visits people at home.',
    preferred: 'mental health nurse',
    usedBy: ['mental_health'],
  },
  {
    term: 'CMHT',
    meaning: 'Community mental health team.',
    preferred: 'mental health team',
    usedBy: ['mental_health'],
  },
  {
    term: 'CHC',
    meaning: 'NHS Continuing Healthcare: care paid for by the NHS for people with ongoing health needs.',
    preferred: 'care paid for by the NHS',
    usedBy: ['council', 'community_health'],
  },
  {
    term: 'LPA',
    meaning: 'Lasting power of attorney: someone the person chose to make decisions for them.',
    preferred: 'the person you chose to make decisions for you',
    usedBy: EVERYONE,
  },
  {
    term: 'MCA',
    meaning: 'Mental Capacity Act 2005: the law about making your own decisions.',
    preferred: 'the law about making your own decisions',
    usedBy: EVERYONE,
  },
  {
    term: 'BIA',
    meaning:
      'Best interests assessor: checks whether care that limits freedom is in the person’s best interests.',
    preferred: 'the person who checks your care is right for you',
    usedBy: CARE,
  },
  {
    term: 'DoLS',
    meaning: 'Deprivation of Liberty Safeguards: legal checks when care limits someone’s freedom.',
    preferred: 'legal checks on care that limits your freedom',
    usedBy: ['council', 'community_health'],
  },
  {
    term: 'IMCA',
    meaning: 'Independent mental capacity advocate: speaks up for someone with nobody else to help.',
    preferred: 'advocate (someone who speaks up for you)',
    usedBy: CARE,
  },
  {
    term: 'ADL',
    meaning: 'Activities of daily living: washing, dressing, eating, moving about.',
    preferred: 'everyday tasks like washing and dressing',
    usedBy: ['council', 'community_health'],
  },
  {
    term: 'PRN',
    meaning: 'Pro re nata: medicine taken only when it is needed.',
    preferred: 'when needed',
    usedBy: NHS,
  },
  { term: 'BD', meaning: 'Twice a day (medicine).', preferred: 'twice a day', usedBy: NHS },
  {
    term: 'OD',
    meaning: 'Overdose, or once a day (medicine).',
    preferred: 'overdose, or once a day',
    usedBy: NHS,
  },
  {
    term: 'OOH',
    meaning: 'Out of hours: evenings, nights, weekends and bank holidays.',
    preferred: 'evenings, nights and weekends',
    usedBy: EVERYONE,
  },
  { term: 'BP', meaning: 'Blood pressure.', preferred: 'blood pressure', usedBy: NHS },
  { term: 'NOK', meaning: 'Next of kin.', preferred: 'closest family member', usedBy: EVERYONE },
  {
    term: 'SALT',
    meaning: 'Speech and language therapy: help with talking, understanding or swallowing.',
    preferred: 'speech and language therapy',
    usedBy: ['community_health'],
  },
  { term: 'Hx', meaning: 'History (medical).', preferred: 'health history', usedBy: NHS },
  { term: 'Dx', meaning: 'Diagnosis.', preferred: 'what the doctor found', usedBy: NHS },
  {
    term: 'domiciliary care',
    meaning: 'Care workers visiting someone at home to help with everyday tasks.',
    preferred: 'help at home',
    usedBy: CARE,
  },
  {
    term: 'package of care',
    meaning: 'The care and support someone has been arranged to receive.',
    preferred: 'your support',
    usedBy: CARE,
  },
  {
    term: 'service user',
    meaning: 'A person who gets care or support.',
    preferred: 'the person (use their name)',
    usedBy: CARE,
  },
  {
    term: 'respite',
    meaning: 'A short break from caring, for a carer or the person.',
    preferred: 'a short break',
    usedBy: CARE,
  },
  {
    term: 'signposted',
    meaning: 'Told about another service that can help.',
    preferred: 'told about another service that can help',
    usedBy: EVERYONE,
  },
];
