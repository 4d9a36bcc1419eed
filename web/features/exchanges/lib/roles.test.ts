import { describe, expect, it } from 'vitest';
import { workerCommunities } from './roles.js';

describe('the disputes card', () => {
  it('lists the communities a worker grant names directly, once each', () => {
    expect(
      workerCommunities([
        { role: 'worker', divisionCode: '440604012045' },
        { role: 'worker', divisionCode: '440604012045' },
        { role: 'worker', divisionCode: '440604012000' },
        { role: 'district_admin', divisionCode: '440604000000' },
        { role: 'worker', divisionCode: '440604011003' },
      ]),
    ).toEqual(['440604012045', '440604011003']);
  });
});
