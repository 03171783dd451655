// The jargon check and reading ease, without a database: what is found, where, what to write instead, and
// reading-ease figures that match the published examples of the libraries we use.
import fc from 'fast-check';
import { flesch } from 'flesch';
import { syllable } from 'syllable';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_TERMS } from './built-in.ts';
import { checkJargon, isAbbreviation, segmentLines, segments } from './jargon.ts';
import { bandOf, countText, PERSON_FACING_TARGET, readingEase } from './reading-ease.ts';

const found = (text: string, glossary = [] as Parameters<typeof checkJargon>[1]) =>
  checkJargon(text, glossary).findings.map((f) => [f.match, f.start, f.end, f.preferred]);

describe('the jargon check finds terms where they are', () => {
  it('finds common abbreviations with their positions and plain wording', () => {
    const text = 'John DNA’d his OT appointment. MDT agreed NFA.';
    expect(found(text)).toEqual([
      ['DNA', 5, 8, 'did not come to the appointment'],
      ['OT', 15, 17, 'occupational therapist (helps with everyday tasks)'],
      ['MDT', 31, 34, 'team meeting with workers from different services'],
      ['NFA', 42, 45, 'no further action'],
    ]);
    for (const f of checkJargon(text, []).findings) expect(text.slice(f.start, f.end)).toBe(f.match);
  });

  it('matches abbreviations in their own capitals only, so everyday words are left alone', () => {
    expect(found('The su-chef said od things about dols and the ot.')).toEqual([]);
    expect(found('Under DoLS, with an LPA and an IMCA')).toEqual([
      ['DoLS', 6, 10, 'legal checks on care that limits your freedom'],
      ['LPA', 20, 23, 'the person you chose to make decisions for you'],
      ['IMCA', 31, 35, 'advocate (someone who speaks up for you)'],
    ]);
  });

  it('matches whole words only, an abbreviation’s plural, and phrases in any case and spacing', () => {
    expect(found('OTTER BOTH MDTs')).toEqual([
      ['MDTs', 11, 15, 'team meeting with workers from different services'],
    ]);
    expect(found('Domiciliary\n care from Monday; a Package of Care review')).toEqual([
      ['Domiciliary\n care', 0, 17, 'help at home'],
      ['Package of Care', 33, 48, 'your support'],
    ]);
  });

  it('uses the partnership’s glossary first, and the built-in list for what it does not define', () => {
    const glossary = [
      { term: 'MDT', preferred: 'team meeting', meaning: 'Our weekly meeting' },
      { term: 'step-down bed', preferred: 'a short stay in a care home after hospital' },
    ];
    const result = checkJargon('MDT agreed a step down bed, then NFA.', glossary);
    expect(result.findings.map((f) => [f.match, f.start, f.preferred, f.source])).toEqual([
      ['MDT', 0, 'team meeting', 'glossary'],
      ['step down bed', 13, 'a short stay in a care home after hospital', 'glossary'],
      ['NFA', 33, 'no further action', 'built_in'],
    ]);
    expect(result.findings[0]?.meaning).toBe('Our weekly meeting');
    expect(checkJargon('MDT agreed NFA.', glossary, { builtIn: false }).findings.map((f) => f.match)).toEqual(
      ['MDT'],
    );
  });

  it('does not flag agreed wording (the preferred wording is the term itself)', () => {
    expect(
      found('Your care coordinator is Sarah.', [{ term: 'care coordinator', preferred: 'Care coordinator' }]),
    ).toEqual([]);
  });

  it('where terms overlap, the one starting first and then the longer wins', () => {
    const glossary = [
      { term: 'care', preferred: 'help' },
      { term: 'care package', preferred: 'your support' },
      { term: 'package review', preferred: 'a check of your support' },
    ];
    expect(found('Your care package review is due.', glossary)).toEqual([
      ['care package', 5, 17, 'your support'],
    ]);
  });

  it('treats a short word with a capital letter as an abbreviation', () => {
    expect(isAbbreviation('DoLS')).toBe(true);
    expect(isAbbreviation('Dx')).toBe(true);
    expect(isAbbreviation('respite')).toBe(false);
    expect(isAbbreviation('package of care')).toBe(false);
  });

  it('every finding is exactly the text at its position, in order, never overlapping (any text)', () => {
    const words = [...BUILT_IN_TERMS.map((t) => t.term), 'ot', 'the', 'su', 'MDTs', '\n', '.', 'DoLS’', 'é'];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...words), fc.string()), { maxLength: 30 }), (parts) => {
        const text = parts.join(' ');
        const { findings } = checkJargon(text, []);
        let end = 0;
        for (const f of findings) {
          expect(text.slice(f.start, f.end)).toBe(f.match);
          expect(f.start).toBeGreaterThanOrEqual(end);
          end = f.end;
        }
        expect(
          segments(text, findings)
            .map((s) => s.text)
            .join(''),
        ).toBe(text);
        expect(
          segmentLines(text, findings)
            .map((line) => line.map((s) => s.text).join(''))
            .join('\n'),
        ).toBe(text.replace(/\r\n/g, '\n'));
      }),
      { numRuns: 300 },
    );
  });
});

describe('reading ease comes from the flesch and syllable libraries', () => {
  it('matches the flesch README’s first example, counted from the text itself', () => {
    // flesch README: For “The cat sat on the mat” (1 sentence, 6 words, 6 syllables).
    //                flesch({sentence: 1, word: 6, syllable: 6}) // => 116.14500…
    const ease = readingEase('The cat sat on the mat')!;
    expect([ease.sentences, ease.words, ease.syllables]).toEqual([1, 6, 6]);
    expect(ease.score).toBeCloseTo(116.145, 3);
    expect(ease.shown).toBe('116.1');
    expect(ease.band).toBe('Very easy');
    expect(ease.meetsTarget).toBe(true);
  });

  it('matches the flesch README’s second example; our syllable counter hears two more syllables', () => {
    // flesch README: For “The Australian platypus is seemingly a hybrid of mammal and reptilian
    //                creature.” (1 sentence, 12 words, 23 syllables).
    //                flesch({sentence: 1, word: 12, syllable: 23}) // => 32.50499…
    expect(flesch({ sentence: 1, word: 12, syllable: 23 })).toBeCloseTo(32.50499, 4);
    const text = 'The Australian platypus is seemingly a hybrid of mammal and reptilian creature.';
    const counts = countText(text);
    expect([counts.sentence, counts.word]).toEqual([1, 12]);
    // The README counted 23 by hand; the syllable library says Aus-tra-li-an and rep-ti-li-an (4 each): 25.
    expect(counts.syllable).toBe(25);
    const ease = readingEase(text)!;
    expect(ease.score).toBeCloseTo(flesch({ sentence: 1, word: 12, syllable: 25 }), 10);
    expect(ease.score).toBeCloseTo(18.405, 3);
    expect(ease.band).toBe('Very hard');
    expect(ease.meetsTarget).toBe(false);
  });

  it('counts syllables as the syllable README says', () => {
    // syllable README: syllable('syllable') // 3, syllable('unicorn') // 3, syllable('wine-bottle') // 3
    expect([syllable('syllable'), syllable('unicorn'), syllable('wine-bottle')]).toEqual([3, 3, 3]);
    expect(countText('wine-bottle').syllable).toBe(3);
  });

  it('counts each line as a sentence, leaves bare numbers out, and has nothing to say about no words', () => {
    expect(countText('Annual health check\nWeekly allotment group on 3 days')).toEqual({
      sentence: 2,
      word: 8,
      syllable: 13,
    });
    expect(readingEase('  12 345 … ')).toBeNull();
  });

  it('person-facing text aims for 70 or more', () => {
    expect(PERSON_FACING_TARGET).toBe(70);
    expect(readingEase('You will see the nurse on Monday.')!.meetsTarget).toBe(true);
    expect(
      readingEase('The multidisciplinary team recommended domiciliary reablement following discharge.')!
        .meetsTarget,
    ).toBe(false);
    expect([bandOf(95), bandOf(72), bandOf(65), bandOf(10)]).toEqual([
      'Very easy',
      'Fairly easy',
      'Plain English',
      'Very hard',
    ]);
  });
});
