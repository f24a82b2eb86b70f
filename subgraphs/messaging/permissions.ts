/**
 * messaging's permission map: which rule guards each field. A thread is the child's record and
 * a private conversation at once: reading any part of it needs both the right to the child's
 * messaging and a place in the thread (admins excepted), so a student never reads their
 * guardians' threads, nor a guardian under a court order the threads they once took part in.
 * Writing needs the same right to the child, and a place in the thread or, to start one, someone
 * the viewer's correspondence names (the resolver checks those against the data).
 */
import type { GraphQLResolveInfo } from 'graphql'
import { and, chain, deny, rule } from 'graphql-shield'
import { recordDisclosure } from '../../lib/contract/index.ts'
import { badUserInput, canRead, rules, UUID, type PermissionMap } from '../kit/index.ts'
import type { Context } from './context.ts'

const ownMessaging = rules.canReadStudent('messaging')
const LINKED = ownMessaging.roles.GUARDIAN ?? 'linked child'
const OWN_SECTIONS = ownMessaging.roles.TEACHER ?? 'students enrolled in own sections'

export const isThreadParticipant: rules.Permission = {
  name: 'isThreadParticipant',
  roles: {
    ADMIN: 'any thread',
    GUARDIAN: `threads they take part in, about a ${LINKED}`,
    STUDENT: 'threads they take part in about themself',
    TEACHER: `threads they take part in, about ${OWN_SECTIONS}`,
  },
  rule: and(ownMessaging.rule, rules.isParticipant.rule),
}

/** `@external` fields arrive from academics in the representation; messaging never answers them. */
const fromAcademics: rules.Permission = { name: 'fromAcademics', roles: {}, rule: deny }

/** A malformed student id is bad input, not someone else's student: checked before the scope. */
const studentIdIsAnId = rule('studentIdIsAnId', { cache: 'no_cache' })((_p: unknown, args: { input?: { studentId?: unknown } }) =>
  typeof args.input?.studentId === 'string' && UUID.test(args.input.studentId) ? true : badUserInput('studentId must be an id (a UUID).'),
)

const writeAboutStudent = rules.canWriteStudent('messaging', {
  GUARDIAN: `a new conversation with staff who teach a ${LINKED}, or a reply in a thread they take part in about one`,
  STUDENT: 'a reply in a thread they take part in about themself',
  TEACHER: `a new conversation with a guardian, to whom the records are open, of one of the ${OWN_SECTIONS}, or a reply in a thread they take part in about one`,
})

const canSendMessage: rules.Permission = { ...writeAboutStudent, rule: chain(studentIdIsAnId, writeAboutStudent.rule) }

const WRITERS: ReadonlySet<string> = new Set(['GUARDIAN', 'STUDENT', 'TEACHER'])

/**
 * `markThreadRead` names a thread, not a student: the rule finds the thread's student, checks the
 * viewer takes part and may read the student's messaging, and notes the write in the record of
 * disclosures as `canWriteStudent` does.
 */
const canMarkThreadRead: rules.Permission = {
  name: 'canMarkThreadRead',
  roles: {
    GUARDIAN: `threads they take part in, about a ${LINKED}`,
    STUDENT: 'threads they take part in about themself',
    TEACHER: `threads they take part in, about ${OWN_SECTIONS}`,
  },
  rule: rule('canMarkThreadRead', { cache: 'no_cache' })(async (_p: unknown, args: { input?: { threadId?: unknown } }, ctx: Context, info: GraphQLResolveInfo) => {
    const viewer = ctx.viewer
    if (!viewer || !WRITERS.has(viewer.role)) return false
    const threadId = args.input?.threadId
    if (typeof threadId !== 'string' || !UUID.test(threadId)) return badUserInput('threadId must be an id (a UUID).')
    const thread = await ctx.loaders.thread.load(threadId)
    if (!thread) return badUserInput('threadId names no conversation.')
    if (!thread.participantIds.includes(viewer.id) || !canRead(viewer, thread.studentId, 'messaging')) return false
    recordDisclosure(ctx.disclosures, { studentId: thread.studentId, area: 'messaging', field: `${info.parentType.name}.${info.fieldName}` })
    return true
  }),
}

/** Staff read their own inbox; the rule on each thread still checks the student and their place in it. */
const ownStaffInbox: rules.Permission = {
  name: 'ownStaffInbox',
  roles: { TEACHER: 'self', ADMIN: 'self' },
  rule: and(
    rules.isSelf.rule,
    rule('isStaff', { cache: 'contextual' })((_p: unknown, _a: unknown, ctx: Context) => ctx.viewer?.role === 'TEACHER' || ctx.viewer?.role === 'ADMIN'),
  ),
}

const isGuardianRule = rule('isGuardian', { cache: 'contextual' })((_p: unknown, _a: unknown, ctx: Context) => ctx.viewer?.role === 'GUARDIAN')

/** Alerts and their preferences are guardians' own: only guardians get alerts. */
const ownGuardianViewer: rules.Permission = { name: 'ownGuardianViewer', roles: { GUARDIAN: 'self' }, rule: and(rules.isSelf.rule, isGuardianRule) }

/** A guardian's write about their own alerts and preferences (no student is named). */
const guardianWrite: rules.Permission = { name: 'guardianWrite', roles: { GUARDIAN: 'own alerts and preferences' }, rule: isGuardianRule }

/** A record that is the guardian's own: `parent.contactId` is the viewer. */
const ownGuardianRecord: rules.Permission = {
  name: 'ownGuardianRecord',
  roles: { GUARDIAN: 'own' },
  rule: rule('ownGuardianRecord', { cache: 'no_cache' })((parent: { contactId?: unknown } | undefined, _a: unknown, ctx: Context) => ctx.viewer?.role === 'GUARDIAN' && parent?.contactId === ctx.viewer.id),
}

/** Parts of a guardian's own preferences, reached only through them. */
const partOfOwnPreferences: rules.Permission = { name: 'partOfOwnPreferences', roles: { GUARDIAN: 'own' }, rule: isGuardianRule }

/** An alert names a child: the guardian's own alert, about a child they may read now. */
const ownAlert: rules.Permission = {
  name: 'ownAlert',
  roles: { GUARDIAN: `own alerts, about a ${LINKED}` },
  rule: and(ownGuardianRecord.rule, ownMessaging.rule),
}

export const permissions: PermissionMap = {
  // The key is readable wherever any area is: other subgraphs' fields hang off it.
  'Student.id': rules.canReadStudentInAnyArea,
  'Student.messageThreads': ownMessaging,
  'Student.announcements': ownMessaging,
  'Student.messageRecipients': ownMessaging,
  'Student.school': fromAcademics,
  'Student.sections': fromAcademics,
  'Student.correspondents': fromAcademics,
  'Correspondent.*': fromAcademics,
  'SectionEnrolment.*': fromAcademics,
  'MessageRecipient.id': ownMessaging,
  'MessageRecipient.displayName': ownMessaging,
  'MessageRecipient.role': ownMessaging,
  'MessageThread.*': isThreadParticipant,
  'MessageThread.student': isThreadParticipant,
  'ThreadParticipant.*': isThreadParticipant,
  'Message.*': isThreadParticipant,
  'Announcement.*': ownMessaging,
  // academics answers `me`; messaging adds the staff inbox, the viewer's own.
  'Viewer.id': rules.isSelf,
  'Viewer.inbox': ownStaffInbox,
  'Viewer.notificationPreferences': ownGuardianViewer,
  'Viewer.alerts': ownGuardianViewer,
  'NotificationPreferences.*': ownGuardianRecord,
  'NotificationKindPreference.*': partOfOwnPreferences,
  'QuietHours.*': partOfOwnPreferences,
  'AlertPage.*': ownGuardianRecord,
  'Alert.*': ownAlert,
  'Mutation.updateNotificationPreferences': guardianWrite,
  'Mutation.markAlertsRead': guardianWrite,
  'UpdateNotificationPreferencesPayload.*': ownGuardianRecord,
  'MarkAlertsReadPayload.*': ownGuardianRecord,
  'Mutation.sendMessage': canSendMessage,
  'Mutation.markThreadRead': canMarkThreadRead,
  // What a write answers is the thread the viewer now writes in: guarded as the thread is.
  'SendMessagePayload.thread': isThreadParticipant,
  'SendMessagePayload.message': isThreadParticipant,
  'MarkThreadReadPayload.thread': isThreadParticipant,
  // Ids of schools and sections are directory data: academics answers for the rest.
  'School.id': rules.isSignedIn,
  'Section.id': rules.isSignedIn,
}
