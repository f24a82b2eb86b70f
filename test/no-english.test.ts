/**
 * No English left on a family's dashboard (issue 10, part 2): demo.guardian chooses Spanish,
 * Vietnamese, Somali and Arabic in turn and runs the whole committed FamilyDashboard, and every
 * string of the answer is compared, field path by field path, with the English answer to the same
 * operation over the same rows. A string the same in both languages must be a value no language
 * changes (an id, an enum code, a date: the schema says so; a letter grade, a room or bus number:
 * its form says so), words no catalogue can hold (names, addresses, what people wrote), or an
 * exception listed here with its reason. Every other string is the district's words, and must be
 * in the family's language.
 */
import fs from 'node:fs'
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isObjectType,
  Kind,
  parse,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLNamedType,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DISTRICT_LANGUAGES, type DistrictLanguage } from '../lib/contract/index.ts'
import type { FamilyDashboardQuery } from '../schema/generated/graphql.ts'
import { setLanguage, stringLeaves } from './support/languages.ts'
import { startTestSystem, type TestSystem } from './support/system.ts'

const FAMILY = fs.readFileSync('schema/operations/FamilyDashboard.graphql', 'utf8')
const API_SCHEMA = buildSchema(fs.readFileSync('schema/api-schema.graphql', 'utf8'))
const OTHER_LANGUAGES = DISTRICT_LANGUAGES.map((l) => l.tag).filter((tag) => tag !== 'en')

/** Scalars whose values no language changes: ids, and dates and times in ISO form. Enum values are codes too. */
const CODE_SCALARS = new Set(['ID', 'Date', 'DateTime', 'LocalTime'])

/** String fields that hold codes, not words, each with the form that shows it. */
const CODES: Readonly<Record<string, RegExp>> = {
  // A letter grade is the report card's code: A, B+, C-… in every language.
  'me.children.sections.currentGrade.letter': /^[A-F][+-]?$/,
  // The number on the classroom door and on the bus.
  'me.children.schedule.room': /^\d+$/,
  'me.children.transportation.am.busNumber': /^\d+$/,
  'me.children.transportation.pm.busNumber': /^\d+$/,
}

/** String fields no catalogue can translate, each with the reason. */
const NOT_THE_DISTRICTS_WORDS: Readonly<Record<string, string>> = {
  'me.displayName': 'the guardian’s name',
  'me.preferredLanguage': 'the language the guardian chose, as a BCP 47 tag: the one each answer is in',
  'me.children.firstName': 'the child’s name',
  'me.children.lastName': 'the child’s name',
  'me.children.sections.section.teacher.displayName': 'a teacher’s name',
  'me.children.missingWork.whatYouCanDo.teacher.displayName': 'a teacher’s name',
  'me.children.schedule.teachers.staff.displayName': 'a teacher’s name',
  'me.children.school.name': 'the school’s name, as on its sign',
  'me.children.transportation.am.stop.name': 'the bus stop: a street corner',
  'me.children.transportation.pm.stop.name': 'the bus stop: a street corner',
  // `subjectLabel` beside each says what the course is in the family's language.
  'me.children.sections.section.courseTitle': 'a course title from the district’s catalogue, as on the transcript',
  'me.children.schedule.section.courseTitle': 'a course title from the district’s catalogue, as on the transcript',
  'me.children.upcomingAssignments.section.courseTitle': 'a course title from the district’s catalogue, as on the transcript',
  // `gradingPeriodLabel` beside it is the family's words for it.
  'me.children.sections.currentGrade.gradingPeriod': 'the grading period as the district’s records name it',
  'me.children.missingWork.gradebookEntry.title': 'an assignment title the teacher wrote',
  'me.children.upcomingAssignments.title': 'an assignment title the teacher wrote',
  'me.children.absenceNotices.note': 'the note the guardian wrote',
  'me.children.messageThreads.subject': 'the subject the thread’s writer gave it',
  'me.children.messageThreads.latestMessage.body': 'a message, as its writer wrote it',
}

/**
 * Words that may read the same as English in a language, as `<language>:<the words>`, each with
 * its reason. None today: every label and explanation on the dashboard differs from English in
 * every district language. A word a language takes unchanged from English would go here.
 */
const SAME_AS_ENGLISH: Readonly<Record<string, string>> = {}

interface Leaf {
  field: string
  type: GraphQLNamedType
}

/** The leaf fields an operation selects, by path from the root ('me.children.school.name'), with their types in the API schema. */
function leafFields(source: string): Leaf[] {
  const definitions = parse(source).definitions
  const operation = definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
  const fragments = new Map(definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]))
  const walk = (set: SelectionSetNode, type: GraphQLCompositeType, path: string): Leaf[] =>
    set.selections.flatMap((selection) => {
      if (selection.kind === Kind.FIELD) {
        const definition = isObjectType(type) ? type.getFields()[selection.name.value] : undefined
        if (!definition) throw new Error(`${type.name} has no field ${selection.name.value} in the API schema.`)
        const field = `${path}${path ? '.' : ''}${(selection.alias ?? selection.name).value}`
        const named = getNamedType(definition.type)
        return selection.selectionSet ? walk(selection.selectionSet, named as GraphQLCompositeType, field) : [{ field, type: named }]
      }
      const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection
      if (!fragment) throw new Error(`A fragment spread under ${path} names no fragment of the document.`)
      const condition = fragment.typeCondition ? API_SCHEMA.getType(fragment.typeCondition.name.value) : type
      return walk(fragment.selectionSet, condition as GraphQLCompositeType, path)
    })
  const query = API_SCHEMA.getQueryType()
  if (!operation || !query) throw new Error('No query operation, or no query type.')
  return walk(operation.selectionSet, query, '')
}

type StringKind = 'code' | 'not the district’s words' | 'words' | 'not a string'

/** What a leaf's value is: the schema's ID, date and enum types are codes; a String is words unless listed above. */
function kindOf({ field, type }: Leaf): StringKind {
  if (CODE_SCALARS.has(type.name) || isEnumType(type) || field in CODES) return 'code'
  if (field in NOT_THE_DISTRICTS_WORDS) return 'not the district’s words'
  return type.name === 'String' ? 'words' : 'not a string'
}

const LEAVES = new Map(leafFields(FAMILY).map((leaf) => [leaf.field, kindOf(leaf)]))
/** The field of an answer's path: '.me.children[1].school.name' → 'me.children.school.name'. */
const fieldOf = (path: string) => path.replace(/\[\d+\]/g, '').slice(1)

describe('FamilyDashboard’s strings', () => {
  it('are the district’s words unless they are codes, names or what people wrote', () => {
    const listed = [...Object.keys(CODES), ...Object.keys(NOT_THE_DISTRICTS_WORDS)]
    // Nothing listed that the operation no longer selects as a string.
    expect(listed.filter((field) => LEAVES.get(field) === undefined || LEAVES.get(field) === 'not a string')).toStrictEqual([])
    expect([...LEAVES].filter(([, kind]) => kind === 'words').map(([field]) => field)).toStrictEqual([
      'me.children.gradeLevelName',
      'me.children.sections.section.subjectLabel',
      'me.children.sections.currentGrade.gradingPeriodLabel',
      'me.children.sections.currentGrade.explanation',
      'me.children.sections.currentGrade.whatYouCanDo.text',
      'me.children.missingWork.whatYouCanDo.text',
      'me.children.calendar.eventLabel',
      'me.children.attendance.chronicAbsence.explanation',
      'me.children.attendance.chronicAbsence.whatYouCanDo',
      'me.children.attendance.recentEvents.categoryLabel',
      'me.children.absenceNotices.reasonLabel',
      'me.children.absenceNotices.statusLabel',
      'me.children.behaviour.incidents.participationLabel',
      'me.children.behaviour.recognitions.typeLabel',
      'me.children.finance.explanation',
      'me.children.finance.mealAccount.explanation',
    ])
  })
})

let t: TestSystem
/** The English answer's strings, by path. */
let english: Map<string, string>

/** demo.guardian's FamilyDashboard in `language`: its strings by path. */
async function dashboardIn(language: DistrictLanguage): Promise<Map<string, string>> {
  expect((await setLanguage(t, language)).body.data?.setPreferredLanguage?.viewer.preferredLanguage).toBe(language)
  const response = await t.query<FamilyDashboardQuery>({ login: 'demo.guardian' }, FAMILY)
  expect(response.body.errors).toBeUndefined()
  expect(response.body.data?.me.children.map((c) => c.firstName)).toStrictEqual(['Leo', 'Maya'])
  expect(response.body.data?.me.preferredLanguage).toBe(language)
  return new Map(stringLeaves(response.body.data))
}

beforeAll(async () => {
  // The language travels in the viewer's scope: with no cache, each request reads the new choice.
  t = await startTestSystem({ writable: 'no-english', env: { SCOPE_CACHE_SECONDS: '0' } })
  english = await dashboardIn('en')
})
afterAll(() => t.close())

describe("demo.guardian's FamilyDashboard in each district language", () => {
  it('in English: every string is a field the operation selects, and codes have their form', () => {
    expect([...english.keys()].filter((path) => !LEAVES.has(fieldOf(path)))).toStrictEqual([])
    const malformed = [...english].filter(([path, value]) => !(CODES[fieldOf(path)]?.test(value) ?? true))
    expect(malformed).toStrictEqual([])
  })

  it.each(OTHER_LANGUAGES)('%s: leaves no English label or explanation, and changes no code', async (language) => {
    const answer = await dashboardIn(language)
    // The same rows answer both: every string is compared with the English one at the same path.
    expect([...answer.keys()]).toStrictEqual([...english.keys()])
    const words = [...answer].filter(([path]) => LEAVES.get(fieldOf(path)) === 'words')
    // Both children's grades, calendar, attendance, behaviour and finance: plenty to translate.
    expect(words.length).toBeGreaterThan(50)
    expect(words.filter(([path, value]) => value === english.get(path) && !(`${language}:${value}` in SAME_AS_ENGLISH))).toStrictEqual([])
    expect(words.filter(([, value]) => value.trim() === '')).toStrictEqual([])
    expect([...answer].filter(([path, value]) => LEAVES.get(fieldOf(path)) === 'code' && value !== english.get(path))).toStrictEqual([])
  })
})
