// The person's copy of a meeting's summary, in their format (Accessible Information Standard): plain words,
// large print (the same words, larger) or easy read (one idea a line, with room for a picture). It has the
// same shape as their copy of the plan, so the plan's templates show it. Pure: what the person may see in,
// a document out; it is built only from the published summary, who came, and the action points the sharing
// rules let them see, and says nothing in the care team's terms (no categories, kinds or codes).
import { dateInWords, type PersonFormat, type PersonPlan, sentences } from '../careplans/index.ts';

export interface PersonSummarySource {
  meeting: {
    kind: string;
    startsAt: Date;
    mode: string;
    location: string | null;
  };
  person: { givenName: string; familyName: string; preferredName: string | null };
  /** Who was invited, with attendance: the person, their representatives and staff. */
  people: ReadonlyArray<{
    kind: 'staff' | 'person' | 'representative';
    name: string;
    /** Staff: their job. */
    role: string | null;
    /** Staff: their organisation. */
    organisationName: string | null;
    /** A representative, as the person would say it: "my advocate", "my sister". */
    forMe: string | null;
    attendance: 'present' | 'apologies' | 'absent' | null;
  }>;
  summary: { words: string; version: number; publishedAt: Date; publishedByName: string };
  actionPoints: ReadonlyArray<{ what: string; ownerName: string; organisationName: string; dueOn: string }>;
  lead?: { name: string; organisationName: string } | undefined;
}

/** What the meeting was for, in the person's words rather than the care team's. */
export const MEETING_FOR_PERSON: Record<string, string> = {
  planning: 'Planning my support',
  review: 'Looking at my plan again',
  case_review: 'Talking about my care',
  phone_check_in: 'A phone call about my care',
};

const TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h12',
});

/** A time as GOV.UK writes it: "10am", "2:30pm", "midday". */
export function timeInWords(at: Date): string {
  const parts = TIME.formatToParts(at);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? '0');
  const minute = parts.find((p) => p.type === 'minute')?.value ?? '00';
  const pm = (parts.find((p) => p.type === 'dayPeriod')?.value ?? '').toLowerCase().startsWith('p');
  if (hour === 12 && minute === '00') return pm ? 'midday' : 'midnight';
  return `${hour}${minute === '00' ? '' : `:${minute}`}${pm ? 'pm' : 'am'}`;
}

export function londonDay(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(at);
}

function asSentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  const first = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

function where(source: PersonSummarySource): string {
  const m = source.meeting;
  if (m.mode === 'virtual') return 'on a video call';
  const place = m.location?.trim();
  if (!place) return '';
  return m.mode === 'hybrid' ? `at ${place}, and on a video call` : `at ${place}`;
}

function whoCame(source: PersonSummarySource, easy: boolean): string[] {
  const came = source.people.filter((p) => p.attendance === null || p.attendance === 'present');
  const me = source.people.find((p) => p.kind === 'person');
  const lines: string[] = [];
  if (me) {
    const there = me.attendance === null || me.attendance === 'present';
    lines.push(
      easy ? (there ? 'I came.' : 'I did not come to this meeting.') : there ? 'Me.' : 'I was not there.',
    );
  }
  for (const p of came) {
    if (p.kind === 'person') continue;
    if (easy) {
      lines.push(`${p.name} came.`);
      if (p.kind === 'representative' && p.forMe) lines.push(`${p.name} is ${p.forMe}.`);
      if (p.kind === 'staff' && p.organisationName) lines.push(`${p.name} works for ${p.organisationName}.`);
    } else {
      const about = p.kind === 'representative' ? [p.forMe] : [p.role, p.organisationName];
      lines.push(`${[p.name, ...about.filter(Boolean)].join(', ')}.`);
    }
  }
  return lines;
}

/** The person's copy of a published meeting summary, in the format asked for. */
export function personSummary(source: PersonSummarySource, format: PersonFormat): PersonPlan {
  const easy = format === 'easy_read';
  const p = source.person;
  const name = `${p.preferredName || p.givenName} ${p.familyName}`;
  const day = dateInWords(londonDay(source.meeting.startsAt));
  const time = timeInWords(source.meeting.startsAt);
  const place = where(source);
  const what = MEETING_FOR_PERSON[source.meeting.kind] ?? 'A meeting about my care';
  const published = dateInWords(londonDay(source.summary.publishedAt));
  const actions = source.actionPoints;
  const lead = source.lead;
  return {
    format,
    title: easy ? 'My meeting' : 'Notes from my meeting',
    name,
    intro: easy
      ? [
          'This is about my meeting.',
          `My name is ${name}.`,
          `We met on ${day}.`,
          `We met at ${time}.`,
          ...(place ? [`We met ${place}.`] : []),
        ]
      : [`${what}. We met on ${day} at ${time}${place ? ` ${place}` : ''}.`],
    sections: [
      { heading: 'Who came', lines: whoCame(source, easy), groups: [] },
      {
        heading: easy ? 'What we said' : 'What we talked about and decided',
        lines: easy
          ? sentences(source.summary.words).map(asSentence)
          : source.summary.words
              .split(/\n\s*\n|\n/)
              .map((s) => s.trim())
              .filter(Boolean),
        groups: [],
      },
      {
        heading: easy ? 'What will happen next' : 'What happens next',
        lines: actions.length ? [] : [easy ? 'Nothing new will happen yet.' : 'Nothing new was planned.'],
        groups: actions.length
          ? [
              {
                heading: null,
                quoted: false,
                lines: [],
                items: actions.map((a) => {
                  const by = dateInWords(a.dueOn);
                  return easy
                    ? {
                        lines: [
                          ...sentences(a.what).map(asSentence),
                          `${a.ownerName} will do this.`,
                          `By ${by}.`,
                        ],
                        rows: [],
                      }
                    : {
                        lines: [],
                        rows: [
                          { label: 'What will happen', value: asSentence(a.what) },
                          { label: 'Who', value: `${a.ownerName}, ${a.organisationName}` },
                          { label: 'By', value: by },
                        ],
                      };
                }),
              },
            ]
          : [],
      },
      {
        heading: easy ? 'About these notes' : 'About these notes',
        lines: [
          ...(easy
            ? [`${source.summary.publishedByName} wrote these notes for me.`, `I got them on ${published}.`]
            : [`Written for me by ${source.summary.publishedByName}. Shared with me on ${published}.`]),
          ...(source.summary.version > 1
            ? [
                easy
                  ? 'These notes were changed after I first got them.'
                  : 'These notes have been updated since they were first shared.',
              ]
            : []),
          ...(lead
            ? easy
              ? [`If something is not right, I can tell ${lead.name}.`]
              : [`If something here is not right, tell ${lead.name}, ${lead.organisationName}.`]
            : []),
        ],
        groups: [],
      },
    ],
  };
}
