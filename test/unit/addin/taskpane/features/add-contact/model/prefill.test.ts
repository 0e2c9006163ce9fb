import { prefill } from '#addin/taskpane/features/add-contact/model/prefill';

describe('prefill of a new contact', () => {
  it('splits the display name and takes the company from the domain', () => {
    expect(prefill('elena.vasquez@tailspin.example', 'Elena Vasquez')).toMatchObject({
      firstName: 'Elena',
      lastName: 'Vasquez',
      companyName: 'Tailspin',
      email: 'elena.vasquez@tailspin.example',
    });
  });
  it('turns "Last, First" around and falls back to the address', () => {
    expect(prefill('x@wingtip.example', 'Owusu, Marcus')).toMatchObject({
      firstName: 'Marcus',
      lastName: 'Owusu',
    });
    expect(prefill('marcus.owusu@wingtip.example', null)).toMatchObject({
      firstName: 'Marcus',
      lastName: 'Owusu',
      companyName: 'Wingtip',
    });
    expect(prefill('marcus@wingtip.example', 'marcus@wingtip.example')).toMatchObject({
      firstName: '',
      lastName: 'Marcus',
    });
  });
});
