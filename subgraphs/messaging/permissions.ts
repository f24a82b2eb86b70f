/**
 * messaging's permission map: which rule guards each field. A thread is the child's record and
 * a private conversation at once: reading any part of it needs both the right to the child's
 * messaging and a place in the thread (admins excepted), so a student never reads their
 * guardians' threads, nor a guardian under a court order the threads they once took part in.
 */
import { and, deny } from 'graphql-shield'
import { rules, type PermissionMap } from '../kit/index.ts'

const ownMessaging = rules.canReadStudent('messaging')

export const isThreadParticipant: rules.Permission = {
  name: 'isThreadParticipant',
  roles: {
    ADMIN: 'any thread',
    GUARDIAN: `threads they take part in, about a ${ownMessaging.roles.GUARDIAN ?? 'linked child'}`,
    STUDENT: 'threads they take part in about themself',
    TEACHER: `threads they take part in, about ${ownMessaging.roles.TEACHER ?? 'students enrolled in own sections'}`,
  },
  rule: and(ownMessaging.rule, rules.isParticipant.rule),
}

/** `@external` fields arrive from academics in the representation; messaging never answers them. */
const fromAcademics: rules.Permission = { name: 'fromAcademics', roles: {}, rule: deny }

export const permissions: PermissionMap = {
  // The key is readable wherever any area is: other subgraphs' fields hang off it.
  'Student.id': rules.canReadStudentInAnyArea,
  'Student.messageThreads': ownMessaging,
  'Student.announcements': ownMessaging,
  'Student.school': fromAcademics,
  'Student.sections': fromAcademics,
  'SectionEnrolment.*': fromAcademics,
  'MessageThread.*': isThreadParticipant,
  'ThreadParticipant.*': isThreadParticipant,
  'Message.*': isThreadParticipant,
  'Announcement.*': ownMessaging,
  // Ids of schools and sections are directory data: academics answers for the rest.
  'School.id': rules.isSignedIn,
  'Section.id': rules.isSignedIn,
}
