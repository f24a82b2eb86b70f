/**
 * voidFee: an administrator voids a fee charged in error. The fee is marked, never deleted;
 * what payments put on it becomes the family's credit (the ledger's sums count only standing
 * fees), and the write is noted in the record of disclosures like any read of the student's fees.
 */
import { eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/client.ts'
import * as t from './db/schema.ts'
import { recordDisclosure, type Disclosures } from '../../lib/contract/index.ts'
import { badUserInput, idArgument, notFound, type Viewer } from '../kit/index.ts'
import type { VoidFeeInput } from './generated/resolvers.ts'
import { reasonArgument } from './inputs.ts'
import { balancesOf, feesById } from './ledger.ts'
import type { VoidFeePayloadMapper } from './mappers.ts'
import { feeSnapshot } from './payloads.ts'

export async function voidFee(db: Db, viewer: Viewer, disclosures: Disclosures, input: VoidFeeInput): Promise<VoidFeePayloadMapper> {
  const feeId = idArgument('feeId', input.feeId)
  const reason = reasonArgument(input.reason)
  return db.transaction(async (tx) => {
    const [fee] = await tx.select().from(t.fees).where(eq(t.fees.id, feeId)).for('update')
    if (!fee) throw notFound('No fee has this feeId.')
    if (fee.voidedAt !== null) throw badUserInput('This fee is already voided.')
    await tx.update(t.fees).set({ voidedAt: sql`now()`, voidReason: reason, voidedBy: viewer.id, updatedAt: sql`now()` }).where(eq(t.fees.id, feeId))
    recordDisclosure(disclosures, { studentId: fee.studentId, area: 'fees', field: 'Mutation.voidFee' })
    const [voided] = await feesById(tx, [feeId])
    if (!voided) throw new Error('The voided fee vanished.')
    return { studentId: fee.studentId, fee: feeSnapshot(voided), ...(await balancesOf(tx, fee.studentId)) }
  })
}
