import { describe, expect, it } from 'vitest'
import { checkWriting, type WritingCheckInput } from '~/domain/writing-check'

const subjects = [{ name: 'Elsa Berg', personalIdentityNumber: '20150312-2384' }]
const anonymous = (text: string, extra: Partial<WritingCheckInput> = {}) => checkWriting({ texts: [text], anonymous: true, subjects, ...extra })

describe('the writing helper: what gives an anonymous reporter away', () => {
  it.each([
    ['Swedish, a mobile number with dashes and spaces', 'Ring mig på 070-123 45 67 om ni undrar något.', ['phone']],
    ['Swedish, a mobile number without separators', 'Mitt nummer är 0701234567.', ['phone']],
    ['English, an international number', 'You can reach me on +46 70 123 45 67 after six.', ['phone']],
    ['a landline with area code', 'Jag nås på 08-410 200 40 dagtid.', ['phone']],
    ['Swedish, an e-mail address', 'Skriv till anna.svensson@example.se så svarar jag.', ['email']],
    ['English, an e-mail address', 'Email me at neighbour42@mail.example.com', ['email']],
    ['Swedish, "jag heter"', 'Jag heter Karin och bor i lägenheten bredvid.', ['ownName']],
    ['English, "my name is"', 'My name is Peter and I live next door.', ['ownName']],
    ['Swedish, "min dotter" next to the child\'s name', 'Min dotter Elsa berättade att hon inte vill gå hem.', ['ownChild']],
    ['English, "my daughter" next to the child\'s first name', 'Elsa, my daughter, told me she is scared of him.', ['ownChild']],
    ["another person's personnummer", 'Det gäller också hennes mamma 850709-9805.', ['otherPersonalIdentityNumber']],
    ['several at once', 'Jag heter Karin, ring 0701234567 eller skriv karin@example.se', ['email', 'phone', 'ownName']],
  ])('%s', (_name, text, expected) => {
    expect(anonymous(text)).toEqual(expected)
  })

  it.each([
    ['a plain Swedish description', 'Elsa är ofta ensam hemma på kvällarna och verkar hungrig. Det har hänt flera gånger sedan i somras.'],
    ['a plain English description', 'I have seen the boy alone in the stairwell at night three times this week.'],
    ['dates, times and years are not phone numbers', 'Det hände 2026-11-29 kl. 21.30, och förra året i mars 2025.'],
    ["the subject's own personnummer", 'Elsa (20150312-2384) var ensam hemma igen.'],
    ['"min dotter" about someone not named in the report', 'Min dotter går i samma klass och har sett blåmärken.'],
    ["the child's name alone", 'Elsa sa "jag vill inte gå hem" när hon gick från skolan.'],
    ['a street number and a door code', 'De bor på Storgatan 12, portkod 4512.'],
  ])('no notice for %s', (_name, text) => {
    expect(anonymous(text)).toEqual([])
  })

  it('says nothing to a named reporter, who has told who they are', () => {
    expect(checkWriting({ texts: ['Ring mig på 070-123 45 67. Jag heter Karin.'], anonymous: false, subjects })).toEqual([])
  })

  it('reads every free text it is given', () => {
    expect(checkWriting({ texts: ['Inget särskilt.', 'Min e-post: k@example.se'], anonymous: true, subjects })).toEqual(['email'])
  })

  it('needs a name of two letters or more to read "min son" with it', () => {
    expect(anonymous('Min son J är rädd.', { subjects: [{ name: 'J' }] })).toEqual([])
  })
})
