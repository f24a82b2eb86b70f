/**
 * The district's words in every district language: each subgraph's catalogues hold the same keys,
 * every message parses as ICU MessageFormat with the same arguments as the English one, and no
 * value is left in English unless the subgraph lists it as the same in every language
 * (`messages/same-as-english.json`). The checker itself is shown failing on planted mistakes.
 */
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DISTRICT_LANGUAGES } from '../lib/contract/index.ts'
import { catalogueProblems, loadMessages, type Catalogue } from '../subgraphs/kit/index.ts'

const withMessages = fs.readdirSync('subgraphs').filter((name) => fs.existsSync(`subgraphs/${name}/messages/en.json`))

describe('the catalogues', () => {
  it('exist for the subgraphs that give families words', () => {
    expect(withMessages).toContain('messaging')
  })

  it.each(withMessages.map((name) => [name]))('%s: every key in every language, translated, with the same arguments', (name) => {
    const dir = new URL(`../subgraphs/${name}/messages/`, import.meta.url)
    const same = fs.existsSync(new URL('same-as-english.json', dir)) ? (JSON.parse(fs.readFileSync(new URL('same-as-english.json', dir), 'utf8')) as string[]) : []
    expect(catalogueProblems(loadMessages(dir).catalogues, same)).toStrictEqual([])
  })

  it('names a missing key, an extra one, an untranslated value, a changed argument and a broken message', () => {
    const english: Catalogue = { greeting: 'Hello {child}.', count: '{n, plural, one {# day} other {# days}}', brand: 'District Graph' }
    const catalogues = Object.fromEntries(DISTRICT_LANGUAGES.map(({ tag }) => [tag, tag === 'en' ? english : { greeting: `[${tag}] {child}.`, count: `{n, plural, other {# [${tag}]}}`, brand: 'District Graph' }])) as Record<
      (typeof DISTRICT_LANGUAGES)[number]['tag'],
      Catalogue
    >
    catalogues.es = { greeting: 'Hola {nino}.', count: '{n, plural, one {# día} other {# días}', extra: 'sobra' }
    catalogues.vi = { ...catalogues.vi, greeting: 'Hello {child}.' }
    expect(catalogueProblems(catalogues, ['vi:brand', 'so:brand', 'ar:brand'])).toStrictEqual([
      'es: "brand" is missing.',
      'es: "greeting" uses {nino}, English {child}.',
      expect.stringMatching(/^es: "count" does not parse as ICU MessageFormat/),
      'es: "extra" is not in the English catalogue.',
      'vi: "greeting" is the English text (translate it, or list "vi:greeting" as the same in every language).',
    ])
  })
})
