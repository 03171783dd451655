// The words generated rows are made of: plausible, and plainly not real people.
import type { DataCategory, OrganisationKind, PartnershipRole } from '../src/storage/tables.ts';

// A partnership is mostly GP practices and voluntary groups around a council and a few health services.
export const ORGANISATION_PLAN: OrganisationKind[] = [
  'gp',
  'voluntary',
  'gp',
  'community_health',
  'voluntary',
  'housing',
  'gp',
  'mental_health',
  'voluntary',
  'council',
  'other',
];

export const ORGANISATION_NAMES: Record<OrganisationKind, string> = {
  council: 'Borough Council Adult Social Care',
  gp: 'Medical Practice',
  community_health: 'Community Health Services',
  mental_health: 'Community Mental Health Team',
  housing: 'Housing Association',
  voluntary: 'Carers Network',
  other: 'Home Care Agency',
};

export const ROLE_WEIGHTS: Record<PartnershipRole, number> = {
  practitioner: 70,
  manager: 10,
  volunteer: 12,
  senior_leader: 4,
  ig_lead: 2,
  admin: 2,
};

export const PROFESSIONAL_ROLES: Record<PartnershipRole, readonly string[]> = {
  practitioner: ['Social worker', 'GP', 'Community nurse', 'Occupational therapist', 'Mental health worker'],
  manager: ['Team manager', 'Practice manager', 'Adult social care manager'],
  volunteer: ['Volunteer', 'Befriender', 'Volunteer coordinator'],
  senior_leader: ['Head of service', 'Director of adult social services'],
  ig_lead: ['Information governance lead', 'Caldicott guardian'],
  admin: ['Systems administrator'],
};

export const PLACES = [
  'Riverside',
  'Northgate',
  'Hillcrest',
  'Westbrook',
  'Oakfield',
  'Eastmoor',
  'Southbank',
];

export const GIVEN_NAMES = [
  'Oliver',
  'Amelia',
  'George',
  'Isla',
  'Harry',
  'Ava',
  'Noah',
  'Mia',
  'Jack',
  'Ivy',
  'Leo',
  'Grace',
  'Mohammed',
  'Fatima',
  'Arthur',
  'Sophia',
  'Thomas',
  'Emily',
  'James',
  'Margaret',
  'William',
  'Dorothy',
  'David',
  'Patricia',
  'Peter',
  'Susan',
  'Ravi',
  'Aisha',
  'Kwame',
  'Chloe',
  'Daniel',
  'Niamh',
];

export const FAMILY_NAMES = [
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Williams',
  'Wilson',
  'Johnson',
  'Davies',
  'Patel',
  'Robinson',
  'Wright',
  'Thompson',
  'Evans',
  'Walker',
  'White',
  'Roberts',
  'Green',
  'Hall',
  'Khan',
  'Lewis',
  'Clarke',
  'Jackson',
  'Wood',
  'Harris',
  'Ahmed',
  "O'Brien",
  'Okafor',
  'Nowak',
  'Murphy',
  'Singh',
  'Hughes',
  'Edwards',
];

/** What each kind of organisation does on a care team. */
export const TEAM_ROLES: Record<OrganisationKind, readonly string[]> = {
  council: ['Social worker', 'Care coordination', 'Daily living support'],
  gp: ['GP', 'Annual health check', 'Medicines review'],
  community_health: ['Community nursing', 'Occupational therapy', 'Physiotherapy'],
  mental_health: ['Mental health check-ins', 'Care coordinator (mental health)'],
  housing: ['Housing officer', 'Tenancy support'],
  voluntary: ['Befriending', 'Weekly social engagement', 'Carer support'],
  other: ['Home care', 'Personal care visits'],
};

/** What data each kind of organisation asks the person's consent to see. */
export const CONSENT_CATEGORIES: Record<OrganisationKind, readonly DataCategory[]> = {
  council: ['social_care', 'health', 'contact', 'communication'],
  gp: ['health', 'social_care', 'contact', 'communication'],
  community_health: ['health', 'social_care', 'contact', 'communication'],
  mental_health: ['mental_health', 'health', 'social_care', 'contact', 'communication'],
  housing: ['social_care', 'contact', 'communication'],
  voluntary: ['communication'],
  other: ['social_care', 'health', 'contact', 'communication'],
};

/** Outcomes in the person's own words. */
export const OUTCOME_WORDS = [
  'I want to keep living in my own home.',
  'I want to see my grandchildren every Sunday.',
  'I want to get to the shops on my own.',
  'I want to feel less lonely in the evenings.',
  'I want to stay well and know what is happening with my health.',
  'I want to go back to the swimming club.',
  'I want to manage my own money.',
  'I want to sleep through the night.',
  'I want to cook my own meals again.',
  'I want my daughter to have a break sometimes.',
  'I want to walk to the park without falling.',
  'I want to keep my dog.',
  'I want to go to church on Sundays.',
  'I want to feel safe at home.',
  'I want to understand my medicines.',
  'I want to find some voluntary work.',
  'I want to stay out of hospital this winter.',
  'I want to keep in touch with my friends from work.',
  'I want to feel less low.',
  'I want to be able to have a bath.',
];

/** What an action says, by its kind. */
export const ACTION_WHAT: Record<string, readonly string[]> = {
  health_check: ['Annual health check', 'Blood pressure check', 'Diabetes review', 'Eye test'],
  health_treatment: ['Medicines review', 'Dosette box set up and checked', 'Physiotherapy exercises'],
  nursing: ['Dress the leg wound', 'Check pressure areas', 'Catheter care', 'Insulin injections'],
  mental_health_support: ['Mental health check-in', 'Anxiety group', 'Talking therapy sessions'],
  daily_living: ['Morning support visit', 'Help with shopping', 'Help with meals', 'Evening call'],
  social_engagement: ['Lunch club', 'Befriending visit', 'Walking group', 'Allotment group'],
  housing: ['Grab rails fitted', 'Tenancy review', 'Move to a ground floor flat'],
  advocacy: ['Advocate at the review meeting', 'Help with a benefits appeal'],
  carer_support: ['Carer’s assessment', 'Respite week for the family carer', 'Carers’ group'],
  other: ['Pendant alarm check', 'Blue badge application', 'Key safe fitted'],
};

export const STOPPED_REASONS = [
  'No longer needed: the person can do this themselves now.',
  'The person asked to stop.',
  'Replaced by another action.',
];

export const NOTE_TEXT: Record<DataCategory, ReadonlyArray<readonly [string, string]>> = {
  health: [
    [
      'Health check',
      'Seen at the surgery. Weight stable, blood pressure a little high. Recheck in three months.',
    ],
    ['Leg dressing', 'Dressing changed. Healing well. Next visit in one week.'],
  ],
  social_care: [
    [
      'Support reviewed',
      'Met at home. Morning visits are working well. Asked to keep the same support worker.',
    ],
    ['Shopping', 'Went to the shops together. Managed the list and paid at the till without help.'],
  ],
  mental_health: [
    [
      'Check-in',
      'Sleeping badly and feels low at weekends. Agreed to meet every two weeks. No safety concerns.',
    ],
  ],
  contact: [['New phone number', 'Has a new mobile number; the old landline is no longer used.']],
  communication: [
    [
      'How to talk with me',
      'Prefers short sentences and pictures. Check understanding by asking to say it back.',
    ],
  ],
  safeguarding: [
    ['Concern raised', 'A neighbour raised a concern about money. Discussed with the person; plan agreed.'],
  ],
};
