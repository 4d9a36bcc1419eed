import { describe, expect, it } from 'vitest';
import {
  changedFields,
  dateFromEpoch,
  deadlineFromDate,
  defaultPoints,
  fieldErrorsFromProblem,
  type ListingDraft,
  parseTags,
  parseWholeField,
  validateDraft,
} from './form.js';

const NOW = Date.UTC(2026, 11, 4, 8); // 2026-12-04 16:00 in China
const need: ListingDraft = {
  direction: 'need',
  kind: 'service',
  category: 'plumbing',
  title: '  厨房水龙头漏水 ',
  description: '<b>滴水</b>一晚上了',
  tags: '水管，漏水 漏水、#龙头',
  availability: [{ day: 6, part: 'morning' }],
  deadline: '2026-12-06',
  minutes: '６０',
  points: '',
  capacity: '1',
  alerts: true,
};

describe('the post form', () => {
  it('sends a need as the contract wants it: trimmed, tags split, digits normalised, deadline end of day', () => {
    const { errors, input } = validateDraft(need, NOW);
    expect(errors).toEqual({});
    expect(input).toEqual({
      direction: 'need',
      kind: 'service',
      category: 'plumbing',
      title: '厨房水龙头漏水',
      description: '<b>滴水</b>一晚上了',
      tags: ['水管', '漏水', '龙头'],
      availability: [{ day: 6, part: 'morning' }],
      minutes: 60,
      deadline: Date.UTC(2026, 11, 6, 16) - 1,
    });
    // Not given: left out, never sent as null (the server coerces null to 0).
    const bare = validateDraft({ ...need, minutes: '', deadline: '' }, NOW).input!;
    expect(bare).not.toHaveProperty('minutes');
    expect(bare).not.toHaveProperty('points');
    expect(bare).not.toHaveProperty('deadline');
  });

  it('sends only what changed in an edit, emptied fields as null', () => {
    const { input } = validateDraft({ ...need, title: '水龙头还在漏', points: '', deadline: '' }, NOW);
    const before = {
      direction: 'need' as const,
      kind: 'service' as const,
      category: 'plumbing',
      title: '厨房水龙头漏水',
      description: '<b>滴水</b>一晚上了',
      tags: ['水管', '漏水', '龙头'],
      availability: [{ day: 6, part: 'morning' as const }],
      deadline: Date.UTC(2026, 11, 6, 16) - 1,
      minutes: 60,
      points: 20,
      capacity: 1,
      alerts: false,
    };
    expect(changedFields(input!, before)).toEqual({ title: '水龙头还在漏', points: null, deadline: null });
  });

  it('sends capacity and alerts for an offer, never a deadline', () => {
    const { input } = validateDraft(
      { ...need, direction: 'offer', capacity: '3', deadline: '1999-01-01' },
      NOW,
    );
    expect(input).toMatchObject({ capacity: 3, alerts: true });
    expect(input).not.toHaveProperty('deadline');
  });

  it('refuses what the contract refuses, beside the field', () => {
    const { errors, input } = validateDraft(
      {
        ...need,
        category: '',
        title: '修'.repeat(61),
        description: 'x'.repeat(2001),
        tags: 'a b c d e f g h i',
        minutes: '1.5',
        points: '-3',
        deadline: '2026-12-03',
      },
      NOW,
    );
    expect(input).toBeNull();
    expect(errors).toEqual({
      category: 'invalid.category',
      title: 'invalid.title_long',
      description: 'invalid.description_long',
      tags: 'invalid.tags_many',
      minutes: 'invalid.minutes',
      points: 'invalid.points',
      deadline: 'invalid.deadline_past',
    });
    expect(validateDraft({ ...need, title: '   ' }, NOW).errors.title).toBe('invalid.title_empty');
    expect(validateDraft({ ...need, tags: '一二三四五六七八九十一二三四五六七' }, NOW).errors.tags).toBe(
      'invalid.tag_long',
    );
    expect(validateDraft({ ...need, direction: 'offer', capacity: '0' }, NOW).errors.capacity).toBe(
      'invalid.capacity',
    );
    expect(validateDraft({ ...need, minutes: '1441' }, NOW).errors.minutes).toBe('invalid.minutes');
  });

  it('counts an emoji as one character', () => {
    expect(validateDraft({ ...need, title: '🔧'.repeat(60) }, NOW).errors.title).toBeUndefined();
  });

  it('parses numbers and tags as typed', () => {
    expect(parseWholeField('', 1, 10)).toBeUndefined();
    expect(parseWholeField(' 0 ', 0, 10)).toBe(0);
    expect(parseWholeField('abc', 0, 10)).toBeNull();
    expect(parseTags(' ,，、 ')).toEqual([]);
  });

  it('keeps deadlines in China time both ways', () => {
    expect(deadlineFromDate('2026-12-31')).toBe(Date.UTC(2026, 11, 31, 16) - 1);
    expect(dateFromEpoch(Date.UTC(2026, 11, 31, 16) - 1)).toBe('2026-12-31');
    expect(deadlineFromDate('31/12/2026')).toBeNull();
  });

  it('puts server problems beside the fields they name', () => {
    expect(
      fieldErrorsFromProblem('validation_failed', {
        type: 'about:blank',
        title: 'Bad',
        status: 400,
        detail: '',
        code: 'validation_failed',
        errors: [
          { path: 'body.title', message: 'too long' },
          { path: 'body.tags.2', message: 'too long' },
          { path: 'body.somethingElse', message: 'x' },
        ],
      }),
    ).toEqual({ title: 'server.title', tags: 'server.tags' });
    const named = (field: string) => ({
      type: 'about:blank',
      title: 'Bad',
      status: 400,
      detail: '',
      code: 'validation_failed',
      details: { field },
    });
    expect(fieldErrorsFromProblem('validation_failed', named('deadline'))).toEqual({
      deadline: 'invalid.deadline_past',
    });
    expect(fieldErrorsFromProblem('validation_failed', named('capacity'))).toEqual({
      capacity: 'server.capacity',
    });
    expect(fieldErrorsFromProblem('validation_failed', named('cursor'))).toEqual({});
    expect(fieldErrorsFromProblem('category_unknown')).toEqual({ category: 'invalid.category_unknown' });
    expect(fieldErrorsFromProblem('listing_photo_invalid')).toEqual({ photos: 'invalid.photo' });
    expect(fieldErrorsFromProblem('listing_full')).toEqual({});
  });

  it('estimates the points by the rules: a category price, or the rate times the minutes', () => {
    const rules = {
      pointsPerHour: 10,
      categories: { tool_lending: { pricePerItem: 5 }, tutoring: { pointsPerHour: 20 } },
    };
    expect(defaultPoints(rules, 'plumbing', 90)).toBe(15);
    expect(defaultPoints(rules, 'tutoring', 30)).toBe(10);
    expect(defaultPoints(rules, 'tool_lending', null)).toBe(5);
    expect(defaultPoints(rules, 'plumbing', null)).toBeNull();
  });
});
