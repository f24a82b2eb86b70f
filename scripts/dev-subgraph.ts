/**
 * `npm run dev:subgraph -- <name> [--students N] [--today YYYY-MM-DD]`: one subgraph alone, as a
 * team develops it. Its own database (`<NAME>_DATABASE_URL` or `DATABASE_URL`, else an embedded
 * one under `DATA_DIR/<name>-dev`, beside `npm start`'s), its migrations alone, seeded when empty
 * with its share of the demo district, then served on its port through its entry point
 * (`subgraphs/<name>/index.ts`, what production runs). It prints a viewer token for it, signed
 * with the development key as the gateway signs one (demo.guardian's scope), and a curl to paste.
 */
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { buildSubgraphSchema } from '@apollo/subgraph'
import { getNamedType, isLeafType, isNonNullType, isObjectType, parse, type GraphQLField, type GraphQLObjectType } from 'graphql'
import { openDatabase, targetFor } from '../db/client.ts'
import { migrateSubgraphs } from '../db/migrate.ts'
import { districtToday } from '../db/seed/calendar.ts'
import { planDistrict, type DistrictPlan } from '../db/seed/district.ts'
import { seedSubgraph, subgraphSeedNeeded } from '../db/seed/index.ts'
import { studentsOption } from '../db/seed/size.ts'
import { loadConfig } from '../lib/config.ts'
import { AREAS, signCallerToken, type Viewer } from '../lib/contract/index.ts'
import { loadViewerSigner } from '../lib/keys.ts'
import { isSubgraphName, SUBGRAPH_NAMES, type SubgraphName } from '../lib/subgraphs.ts'

/** A development viewer's token lasts a working day, not the minute the gateway's last. */
const DEV_TOKEN_SECONDS = 8 * 60 * 60

/** demo.guardian as the gateway would sign them: every area of each child whose records are open to them. */
function demoGuardian(plan: DistrictPlan): Viewer {
  const id = plan.named.demoGuardian
  const children = plan.guardianships.filter((g) => g.contactId === id && g.restrictionDocument === null).map((g) => g.studentId)
  return { id, role: 'GUARDIAN', allStudents: false, requestId: '', students: Object.fromEntries(children.map((child) => [child, [...AREAS]])) }
}

const takesNoArguments = (field: GraphQLField<unknown, unknown>) => field.args.every((arg) => !isNonNullType(arg.type) || arg.defaultValue !== undefined)

/** What the subgraph itself answers about a Student: its first field of its own, with the leaves beneath it. */
function studentSelection(name: SubgraphName): string {
  const schema = buildSubgraphSchema({ typeDefs: parse(fs.readFileSync(`subgraphs/${name}/schema.graphql`, 'utf8')) })
  const student = schema.getType('Student')
  if (!isObjectType(student)) throw new Error(`The ${name} subgraph has no Student type to query.`)
  const leaves = (type: GraphQLObjectType) => Object.values(type.getFields()).filter((f) => isLeafType(getNamedType(f.type)) && takesNoArguments(f))
  const own = Object.values(student.getFields()).filter(
    (f) => f.name !== 'id' && takesNoArguments(f) && !f.astNode?.directives?.some((d) => d.name.value === 'external' || d.name.value === 'requires'),
  )
  const first = own[0]
  const type = first && getNamedType(first.type)
  if (!first || !type) return '__typename'
  if (isObjectType(type)) return `${first.name} { ${leaves(type).slice(0, 8).map((f) => f.name).join(' ') || '__typename'} }`
  return own.filter((f) => isLeafType(getNamedType(f.type))).slice(0, 6).map((f) => f.name).join(' ')
}

async function main() {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { students: { type: 'string' }, today: { type: 'string' } } })
  const name = positionals[0] ?? ''
  if (!isSubgraphName(name) || positionals.length > 1) throw new Error(`Name one subgraph: ${SUBGRAPH_NAMES.join(', ')} (not "${positionals.join(' ')}").`)
  const students = studentsOption(values.students)
  const config = loadConfig()
  if (config.production) throw new Error('dev:subgraph is for development: it signs a viewer with the development key. Unset NODE_ENV=production.')
  const settings = config.subgraphs[name]
  const devDir = path.resolve(config.dataDir, `${name}-dev`)

  const database = await openDatabase(targetFor(settings.databaseUrl, devDir, 1))
  let plan: DistrictPlan
  try {
    await migrateSubgraphs(database, [name])
    if (await subgraphSeedNeeded(database, name)) {
      console.log(`seeding ${name}'s share of a district of ${students} students…`)
      plan = await seedSubgraph(database, name, { students, today: values.today ?? districtToday(), progress: (message) => console.log(`  ${message}`) })
    } else {
      // The named families' ids follow from the district's size alone, whatever day it was seeded for.
      plan = planDistrict(students, values.today ?? districtToday())
    }
  } finally {
    await database.close()
  }

  // The entry point reads its settings from the environment, as in production: this room's data
  // directory (its embedded database and its development keys) is handed to it there.
  process.env.DATA_DIR = devDir
  await import(`../subgraphs/${name}/index.ts`)

  const viewer = demoGuardian(plan)
  const signer = await loadViewerSigner(config.viewerKeys, devDir)
  const token = await signCallerToken(viewer, signer, name, { seconds: DEV_TOKEN_SECONDS })
  const query = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Student { id ${studentSelection(name)} } } }`
  const body = JSON.stringify({ query, variables: { representations: Object.keys(viewer.students).map((id) => ({ __typename: 'Student', id })) } })
  const url = `http://${config.host}:${settings.port}/graphql`
  console.log(
    [
      '',
      `development viewer: demo.guardian (${viewer.id}), reading ${Object.keys(viewer.students).length} children; the token below is for ${name} only, until ${new Date(Date.now() + DEV_TOKEN_SECONDS * 1000).toISOString()}`,
      `TOKEN='${token}'`,
      `curl -s ${url} -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' -d '${body}'`,
      '',
    ].join('\n'),
  )
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
