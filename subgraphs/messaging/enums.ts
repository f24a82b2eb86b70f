/**
 * How messaging serves its database enums: for each, a checked map from the stored value (the
 * standards' spelling) to the GraphQL enum value (see subgraphs/kit/enums.ts).
 */
import type * as t from '../../db/schema/messaging.ts'
import { enumMap } from '../kit/index.ts'
import type { ParticipantRole } from './generated/resolvers.ts'

export const PARTICIPANT_ROLE = enumMap<typeof t.personType, ParticipantRole>()({
  Contact: 'CONTACT',
  Staff: 'STAFF',
  Student: 'STUDENT',
})
