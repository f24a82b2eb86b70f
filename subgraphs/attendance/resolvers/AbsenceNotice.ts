import { label } from '../catalogue.ts'
import { ABSENCE_NOTICE_REASON, ABSENCE_NOTICE_STATUS } from '../enums.ts'
import type { AbsenceNoticeResolvers } from '../generated/resolvers.ts'
import type { AbsenceNoticeMapper } from '../mappers.ts'

export const AbsenceNotice: AbsenceNoticeResolvers = {
  student: (n) => ({ id: n.studentId }),
  reason: (n) => ABSENCE_NOTICE_REASON[n.reason],
  reasonLabel: label('AbsenceNoticeReason', (n: AbsenceNoticeMapper) => ABSENCE_NOTICE_REASON[n.reason]),
  status: (n) => ABSENCE_NOTICE_STATUS[n.status],
  statusLabel: label('AbsenceNoticeStatus', (n: AbsenceNoticeMapper) => ABSENCE_NOTICE_STATUS[n.status]),
}
