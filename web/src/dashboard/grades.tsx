/**
 * Grades and schoolwork: each class with its current grade and what the grade means, and the
 * work that is missing or coming up. A teacher's name links to writing to them, as families expect.
 */
import type { CombinedError } from '@urql/core'
import { defineMessages, formatDate, formatNumber, useLanguage, useMessages } from '../i18n.ts'
import { href, type DashboardChild } from '../routes.ts'
import { Area, ListOr, Problem, partError } from './area.tsx'

const messages = defineMessages({
  en: {
    grades: 'Grades',
    noSections: 'No classes this term.',
    teacher: 'Teacher:',
    noGrade: 'No grade posted yet.',
    percent: (percent: string) => `${percent} percent`,
    work: 'Schoolwork',
    missing: 'Missing work',
    noMissing: 'No missing work.',
    upcoming: 'Coming up in the next two weeks',
    noUpcoming: 'Nothing due in the next two weeks.',
    due: (date: string) => `Due ${date}`,
    writeTo: 'Write to',
  },
  es: {
    grades: 'Calificaciones',
    noSections: 'No tiene clases este período.',
    teacher: 'Maestro(a):',
    noGrade: 'Todavía no hay calificación.',
    percent: (percent: string) => `${percent} por ciento`,
    work: 'Trabajos escolares',
    missing: 'Trabajos que faltan',
    noMissing: 'No falta ningún trabajo.',
    upcoming: 'Próximas dos semanas',
    noUpcoming: 'Nada que entregar en las próximas dos semanas.',
    due: (date: string) => `Fecha de entrega: ${date}`,
    writeTo: 'Escribir a',
  },
  vi: {
    grades: 'Điểm số',
    noSections: 'Học kỳ này không có lớp nào.',
    teacher: 'Giáo viên:',
    noGrade: 'Chưa có điểm.',
    percent: (percent: string) => `${percent} phần trăm`,
    work: 'Bài vở',
    missing: 'Bài còn thiếu',
    noMissing: 'Không thiếu bài nào.',
    upcoming: 'Sắp đến hạn trong hai tuần tới',
    noUpcoming: 'Không có bài nào đến hạn trong hai tuần tới.',
    due: (date: string) => `Hạn nộp ${date}`,
    writeTo: 'Viết cho',
  },
  so: {
    grades: 'Darajooyinka',
    noSections: 'Xilligan fasal ma leh.',
    teacher: 'Macallinka:',
    noGrade: 'Weli darajo lama dhigin.',
    percent: (percent: string) => `${percent} boqolkiiba`,
    work: 'Shaqada dugsiga',
    missing: 'Shaqo maqan',
    noMissing: 'Shaqo maqan ma jirto.',
    upcoming: 'Labada toddobaad ee soo socda',
    noUpcoming: 'Waxba ma laha in la dhiibo labada toddobaad ee soo socda.',
    due: (date: string) => `La dhiibayaa ${date}`,
    writeTo: 'U qor',
  },
  ar: {
    grades: 'الدرجات',
    noSections: 'لا توجد حصص في هذا الفصل الدراسي.',
    teacher: 'المعلم(ة):',
    noGrade: 'لم تُسجَّل درجة بعد.',
    percent: (percent: string) => `${percent} بالمئة`,
    work: 'الواجبات المدرسية',
    missing: 'واجبات ناقصة',
    noMissing: 'لا توجد واجبات ناقصة.',
    upcoming: 'المطلوب خلال الأسبوعين القادمين',
    noUpcoming: 'لا شيء مطلوب خلال الأسبوعين القادمين.',
    due: (date: string) => `موعد التسليم ${date}`,
    writeTo: 'اكتب إلى',
  },
})

type Props = { child: DashboardChild; index: number; error: CombinedError | undefined }

function TeacherLink({ childId, teacher }: { childId: string; teacher: { id: string; displayName: string } }) {
  return (
    <a href={href({ view: 'message', childId, teacherId: teacher.id })} class="teacher">
      {teacher.displayName}
    </a>
  )
}

export function Grades({ child, index, error }: Props) {
  const t = useMessages(messages)
  const language = useLanguage()
  return (
    <Area id="grades" title={t.grades} error={partError(error, child, index, 'sections')}>
      <ListOr items={child.sections} empty={t.noSections} class="cards">
        {({ section, currentGrade: grade }) => (
          <li key={section.id} class="card">
            <h3>{section.courseTitle}</h3>
            <p class="muted">
              {section.subjectLabel}
              {section.teacher && (
                <>
                  {' · '}
                  {t.teacher} <TeacherLink childId={child.id} teacher={section.teacher} />
                </>
              )}
            </p>
            {grade ? (
              <>
                <p class="grade">
                  <span class="letter">{grade.letter}</span> <span>{t.percent(formatNumber(grade.percent, language))}</span>
                  <span class="muted"> · {grade.gradingPeriodLabel} · {formatDate(grade.asOf, language)}</span>
                </p>
                <p>{grade.explanation}</p>
                {grade.whatYouCanDo && <p class="tip">{grade.whatYouCanDo.text}</p>}
              </>
            ) : (
              <p class="muted">{t.noGrade}</p>
            )}
          </li>
        )}
      </ListOr>
    </Area>
  )
}

export function Work({ child, index, error }: Props) {
  const t = useMessages(messages)
  const language = useLanguage()
  const missingError = partError(error, child, index, 'missingWork')
  const upcomingError = partError(error, child, index, 'upcomingAssignments')
  return (
    <Area id="work" title={t.work}>
      <h3>{t.missing}</h3>
      {missingError && <Problem title={t.missing} error={missingError} />}
      <ListOr items={missingError ? undefined : child.missingWork} empty={missingError ? '' : t.noMissing}>
        {(work) => (
          <li key={work.id}>
            <strong>{work.gradebookEntry.title}</strong> <span class="muted">{t.due(formatDate(work.gradebookEntry.dueDate, language))}</span>
            {work.whatYouCanDo && (
              <p class="tip">
                {work.whatYouCanDo.text}
                {work.whatYouCanDo.teacher && (
                  <>
                    {' '}
                    {t.writeTo} <TeacherLink childId={child.id} teacher={work.whatYouCanDo.teacher} />
                  </>
                )}
              </p>
            )}
          </li>
        )}
      </ListOr>
      <h3>{t.upcoming}</h3>
      {upcomingError && <Problem title={t.upcoming} error={upcomingError} />}
      <ListOr items={upcomingError ? undefined : child.upcomingAssignments} empty={upcomingError ? '' : t.noUpcoming}>
        {(entry) => (
          <li key={entry.id}>
            <strong>{entry.title}</strong> <span class="muted">· {entry.section.courseTitle} · {t.due(formatDate(entry.dueDate, language))}</span>
          </li>
        )}
      </ListOr>
    </Area>
  )
}
