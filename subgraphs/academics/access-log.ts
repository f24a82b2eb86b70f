/**
 * The record of disclosures as academics keeps it: the gateway's batched writes (one insert per
 * batch) and the pages admins and parents read, newest first, with an opaque cursor.
 */
import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import * as t from './db/schema.ts'
import { badUserInput, idArgument, listLimit, UUID, type ListLimit } from '../kit/index.ts'
import type { DisclosureInput, QueryAccessLogArgs } from './generated/resolvers.ts'
import type { DisclosureConnectionMapper, DisclosureMapper } from './mappers.ts'

/** `accessLog(first:)`: a page of 50 unless asked, at most 200. */
const PAGE: ListLimit = { default: 50, max: 200 }


const toDate = (value: Date | string) => (value instanceof Date ? value : new Date(value))

/**
 * Writes a batch of the record; returns how many of its records the record now holds. A record
 * it already holds (the same request and student: a batch sent again after its acknowledgement
 * was lost, or replayed from the gateway's spool) is a no-op, so sending twice never doubles one.
 */
export async function recordDisclosures(db: Db, records: readonly DisclosureInput[], fieldSets: ReadonlyArray<readonly string[]> = []): Promise<number> {
  if (records.length === 0) return 0
  const fieldsOf = records.map((r, i) => {
    idArgument('viewerId', r.viewerId)
    idArgument('studentId', r.studentId)
    const named = r.fieldSet === null || r.fieldSet === undefined ? undefined : fieldSets[r.fieldSet]
    if ((r.fields == null) === (named === undefined)) {
      throw badUserInput(`records[${i}] must name its fields in fields or as a position in fieldSets (fieldSet), one of the two.`)
    }
    return r.fields ?? [...(named ?? [])]
  })
  await db
    .insert(t.disclosures)
    .values(
      records.map((r, i) => ({
        occurredAt: toDate(r.occurredAt),
        viewerId: r.viewerId,
        viewerRole: r.viewerRole,
        studentId: r.studentId,
        areas: r.areas,
        fields: fieldsOf[i] ?? [],
        operationName: r.operationName ?? null,
        requestId: r.requestId,
      })),
    )
    .onConflictDoNothing({ target: [t.disclosures.requestId, t.disclosures.studentId] })
  return records.length
}

interface Cursor {
  occurredAt: string
  id: string
}

const encodeCursor = (row: DisclosureMapper) => Buffer.from(JSON.stringify([row.occurredAt.toISOString(), row.id])).toString('base64url')

function decodeCursor(after: string): Cursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'))
    if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'string' && UUID.test(value[1]) && !Number.isNaN(Date.parse(value[0]))) {
      return { occurredAt: value[0], id: value[1] }
    }
  } catch {
    // Falls through to the user's error below.
  }
  throw badUserInput('after must be an endCursor from a previous page.')
}

export async function accessLogPage(db: Db, args: QueryAccessLogArgs): Promise<DisclosureConnectionMapper> {
  const first = listLimit('first', args.first, PAGE)
  const studentId = idArgument('studentId', args.studentId)
  const viewerId = idArgument('viewerId', args.viewerId)
  const conditions: SQL[] = []
  if (studentId) conditions.push(eq(t.disclosures.studentId, studentId))
  if (viewerId) conditions.push(eq(t.disclosures.viewerId, viewerId))
  if (args.from) conditions.push(gte(t.disclosures.occurredAt, toDate(args.from)))
  if (args.to) conditions.push(lt(t.disclosures.occurredAt, toDate(args.to)))
  if (args.after) {
    const cursor = decodeCursor(args.after)
    conditions.push(sql`(${t.disclosures.occurredAt}, ${t.disclosures.id}) < (${cursor.occurredAt}::timestamptz, ${cursor.id}::uuid)`)
  }
  const rows = await db
    .select()
    .from(t.disclosures)
    .where(and(...conditions))
    .orderBy(desc(t.disclosures.occurredAt), desc(t.disclosures.id))
    .limit(first + 1)
  const nodes = rows.slice(0, first)
  const last = nodes.at(-1)
  const hasNextPage = rows.length > first
  return { nodes, hasNextPage, endCursor: hasNextPage && last ? encodeCursor(last) : null }
}
