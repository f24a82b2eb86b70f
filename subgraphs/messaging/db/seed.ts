/**
 * Seeds messaging: threads about one child between a guardian (or a secondary student) and a
 * teacher of one of the child's sections, their messages with read state, school and section
 * announcements, and the notification preferences guardians have saved. Guardians whose preferred
 * language is not English often write in it; the original text and its language are stored.
 */
import * as t from './schema.ts'
import type { SeedLoader } from '../../../db/seed/bulk.ts'
import { type DistrictPlan, type PlannedContact, type PlannedSection, type PlannedStaff, type PlannedStudent } from '../../../db/seed/district.ts'
import { MONTH_NAMES } from '../../../db/seed/calendar.ts'
import { addDays, createRandom, seededUuid, weighted } from '../../../db/seed/random.ts'
import type { SeedProgress } from '../../../db/seed/progress.ts'

type Intent = 'absence' | 'missing' | 'grade' | 'meeting' | 'thursday' | 'homework' | 'thanks' | 'ok'
interface Context {
  child: string
  course: string
  day: string
}
type Turn = { from: 'teacher'; text: (c: Context) => string } | { from: 'family'; intent: Intent } | { from: 'student'; text: (c: Context) => string }
interface Topic {
  subject: (c: Context) => string
  turns: Turn[]
}

type Words = Record<Intent, (c: Context) => string>

const ENGLISH: Words = {
  absence: (c) => `${c.child} was home sick on ${c.day}. What work was missed?`,
  missing: (c) => `I saw in the portal that ${c.child} has missing assignments in ${c.course}. Can they still be turned in?`,
  grade: (c) => `Could you explain ${c.child}'s score on the last test in ${c.course}?`,
  meeting: (c) => `Could we set up a time to talk about how ${c.child} is doing in ${c.course}?`,
  thursday: () => 'Thursday after school works for us.',
  homework: (c) => `${c.child} says the ${c.course} homework is hard right now. How can we help at home?`,
  thanks: () => 'Thank you so much for your help.',
  ok: (c) => `Okay, we will talk with ${c.child} tonight.`,
}

/** What guardians write, by BCP 47 tag; teachers answer in English. */
const GUARDIAN_WORDS: Record<string, Words> = {
  en: ENGLISH,
  es: {
    absence: (c) => `${c.child} no pudo ir a la escuela porque tenía fiebre. ¿Qué trabajo le faltó?`,
    missing: (c) => `Vi en el portal que ${c.child} tiene tareas pendientes. ¿Todavía puede entregarlas?`,
    grade: (c) => `¿Me puede explicar la calificación de ${c.child} en el último examen?`,
    meeting: (c) => `¿Podemos reunirnos para hablar del progreso de ${c.child}?`,
    thursday: () => 'El jueves después de clases nos queda bien.',
    homework: (c) => `${c.child} dice que la tarea es difícil. ¿Cómo podemos ayudar en casa?`,
    thanks: () => 'Muchas gracias por su ayuda.',
    ok: (c) => `Está bien, hablaremos con ${c.child} esta noche.`,
  },
  vi: {
    absence: (c) => `${c.child} bị ốm nên không thể đến trường. Cháu đã bỏ lỡ những bài nào ạ?`,
    missing: (c) => `Tôi thấy ${c.child} còn thiếu một số bài tập. Cháu vẫn có thể nộp được không ạ?`,
    grade: (c) => `Thầy cô có thể giải thích điểm bài kiểm tra vừa rồi của ${c.child} không ạ?`,
    meeting: (c) => `Chúng ta có thể gặp nhau để nói về sự tiến bộ của ${c.child} không ạ?`,
    thursday: () => 'Chiều thứ Năm sau giờ học là tiện cho chúng tôi.',
    homework: (c) => `${c.child} nói bài tập về nhà khó. Chúng tôi có thể giúp cháu ở nhà như thế nào?`,
    thanks: () => 'Cảm ơn thầy cô rất nhiều.',
    ok: (c) => `Vâng, tối nay chúng tôi sẽ nói chuyện với ${c.child}.`,
  },
  zh: {
    absence: (c) => `${c.child}生病了，没能去上学。请问错过了哪些作业？`,
    missing: (c) => `我看到${c.child}有几项作业没交。现在还可以补交吗？`,
    grade: (c) => `您能解释一下${c.child}上次考试的成绩吗？`,
    meeting: (c) => `我们可以见面谈谈${c.child}的学习情况吗？`,
    thursday: () => '星期四放学后我们可以。',
    homework: (c) => `${c.child}说作业很难。我们在家里怎样可以帮助孩子？`,
    thanks: () => '非常感谢您的帮助。',
    ok: (c) => `好的，今晚我们会和${c.child}谈一谈。`,
  },
  ar: {
    absence: (c) => `لم يتمكن ${c.child} من الحضور إلى المدرسة بسبب المرض. ما هي الواجبات التي فاتته؟`,
    missing: (c) => `رأيت أن لدى ${c.child} واجبات لم تُسلَّم. هل لا يزال بالإمكان تسليمها؟`,
    grade: (c) => `هل يمكنك أن تشرح لي درجة ${c.child} في الاختبار الأخير؟`,
    meeting: (c) => `هل يمكننا أن نلتقي للحديث عن تقدم ${c.child}؟`,
    thursday: () => 'يناسبنا يوم الخميس بعد المدرسة.',
    homework: (c) => `يقول ${c.child} إن الواجب المنزلي صعب. كيف يمكننا المساعدة في البيت؟`,
    thanks: () => 'شكرًا جزيلًا على مساعدتك.',
    ok: (c) => `حسنًا، سنتحدث مع ${c.child} الليلة.`,
  },
  so: {
    absence: (c) => `${c.child} wuu xanuunsanaa oo dugsiga ma uusan iman. Waa maxay shaqada ka dhaafay?`,
    missing: (c) => `Waxaan arkay in ${c.child} uu leeyahay hawlo aan la dhiibin. Weli ma la dhiibi karaa?`,
    grade: (c) => `Ma ii sharxi kartaa darajada ${c.child} ee imtixaankii ugu dambeeyay?`,
    meeting: (c) => `Ma kulmi karnaa si aan uga hadalno horumarka ${c.child}?`,
    thursday: () => 'Khamiista kadib dugsiga way noo fiican tahay.',
    homework: (c) => `${c.child} wuxuu leeyahay shaqada guriga way adag tahay. Sidee guriga ugu caawin karnaa?`,
    thanks: () => 'Aad baad ugu mahadsan tahay caawimaadaada.',
    ok: (c) => `Hagaag, caawa ayaan la hadli doonnaa ${c.child}.`,
  },
}

const GUARDIAN_TOPICS = {
  absence: {
    subject: (c) => `Absence on ${c.day}`,
    turns: [
      { from: 'family', intent: 'absence' },
      { from: 'teacher', text: (c) => `I hope ${c.child} is feeling better. The notes and this week's homework are on the class page, and the work can come in by Friday.` },
      { from: 'family', intent: 'thanks' },
      { from: 'teacher', text: () => "You're welcome. Let me know if anything else comes up." },
    ],
  },
  missing: {
    subject: (c) => `Missing work in ${c.course}`,
    turns: [
      { from: 'family', intent: 'missing' },
      { from: 'teacher', text: (c) => `Yes, ${c.child} can still turn in the missing assignments by Friday for full credit. I've listed them in the gradebook comments.` },
      { from: 'family', intent: 'ok' },
      { from: 'teacher', text: () => "Thank you. I'll let you know once they are in." },
    ],
  },
  grade: {
    subject: () => 'Question about the last test',
    turns: [
      { from: 'family', intent: 'grade' },
      { from: 'teacher', text: (c) => `${c.child} did well on the first half of the test but had trouble with the last section. I'm offering a retake at lunch on Thursday.` },
      { from: 'family', intent: 'thanks' },
    ],
  },
  meeting: {
    subject: () => 'Conference request',
    turns: [
      { from: 'family', intent: 'meeting' },
      { from: 'teacher', text: () => "Of course. I'm free Tuesday or Thursday after school, or we can talk by phone. Which works better for you?" },
      { from: 'family', intent: 'thursday' },
      { from: 'teacher', text: () => 'Great, see you Thursday at 3:30 in my classroom.' },
    ],
  },
  homework: {
    subject: (c) => `Help with ${c.course} homework`,
    turns: [
      { from: 'family', intent: 'homework' },
      { from: 'teacher', text: (c) => `Thanks for asking. Having ${c.child} explain each step out loud helps a lot, and I hold extra help on Wednesdays after school.` },
      { from: 'family', intent: 'thanks' },
    ],
  },
  concern: {
    subject: (c) => `Checking in about ${c.child}`,
    turns: [
      { from: 'teacher', text: (c) => `${c.child} has seemed tired in class this week and has not finished the classwork. Is everything all right at home?` },
      { from: 'family', intent: 'ok' },
      { from: 'teacher', text: () => "Thank you. I'll keep an eye on it and let you know how the week goes." },
    ],
  },
  praise: {
    subject: (c) => `${c.child} had a great week`,
    turns: [
      { from: 'teacher', text: (c) => `I wanted to share that ${c.child} did excellent work in ${c.course} this week and helped classmates during group work. Great job!` },
      { from: 'family', intent: 'thanks' },
    ],
  },
  missingNotice: {
    subject: (c) => `Missing assignments in ${c.course}`,
    turns: [
      { from: 'teacher', text: (c) => `${c.child} has two missing assignments in ${c.course}. They can still be turned in this week for full credit.` },
      { from: 'family', intent: 'ok' },
      { from: 'teacher', text: () => 'Thank you for your help.' },
    ],
  },
} satisfies Record<string, Topic>

const STUDENT_TOPICS = {
  makeUp: {
    subject: () => 'Making up the quiz',
    turns: [
      { from: 'student', text: (c) => `Hi, I was absent for the quiz on ${c.day}. Can I make it up?` },
      { from: 'teacher', text: () => 'Yes, come by at lunch on Wednesday and you can take it then.' },
      { from: 'student', text: () => "Thank you, I'll be there." },
    ],
  },
  extraHelp: {
    subject: () => 'Extra help before the unit test',
    turns: [
      { from: 'student', text: () => 'Could I come in for extra help before the unit test?' },
      { from: 'teacher', text: () => "Sure, I'm in my room before school on Tuesday and Thursday from 7:30." },
      { from: 'student', text: () => "Thanks! I'll come Tuesday." },
    ],
  },
  lateWork: {
    subject: () => 'Late homework',
    turns: [
      { from: 'student', text: (c) => `I turned in the ${c.course} homework late. Could you check that you got it?` },
      { from: 'teacher', text: () => "Got it, thanks. I've updated the gradebook." },
      { from: 'student', text: () => 'Thank you!' },
    ],
  },
} satisfies Record<string, Topic>

const GUARDIAN_TOPIC_WEIGHTS: ReadonlyArray<readonly [keyof typeof GUARDIAN_TOPICS, number]> = [
  ['absence', 20],
  ['missing', 18],
  ['grade', 12],
  ['meeting', 8],
  ['homework', 10],
  ['concern', 8],
  ['praise', 12],
  ['missingNotice', 12],
]
const STUDENT_TOPIC_WEIGHTS: ReadonlyArray<readonly [keyof typeof STUDENT_TOPICS, number]> = [
  ['makeUp', 40],
  ['extraHelp', 35],
  ['lateWork', 25],
]

interface Announcement {
  title: string
  body: string
  es?: { title: string; body: string }
  /** The school day it goes out; undefined: spread over the term so far in the list's order. */
  on?: string
}

const ES_WEEKDAYS = ['domingo', 'lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado']
const ES_MONTHS = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre']

/** "lunes 30 de noviembre". */
function dayLabelEs(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`)
  return `${ES_WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} de ${ES_MONTHS[d.getUTCMonth()]}`
}

/** The school day `n` school days before `date`, when a post about `date` goes out, if the data has reached it. */
function postedAhead(plan: DistrictPlan, date: string, n: number): string | undefined {
  const before = plan.instructionalDays.filter((d) => d < date)
  const day = before[Math.max(0, before.length - n)]
  return day !== undefined && day <= plan.asOf ? day : undefined
}

/**
 * What every school posts over the term, with the dates of this term's calendar: its first day,
 * its early releases and its long break are announced a few school days ahead, and only once
 * that day has come.
 */
function schoolAnnouncements(plan: DistrictPlan): Announcement[] {
  const { calendar } = plan
  const fall = calendar.term.name === 'Fall Semester'
  const [season, seasonEs] = fall ? ['fall', 'otoño'] : ['spring', 'primavera']
  const Season = fall ? 'Fall' : 'Spring'
  const ahead = (date: string, n: number) => postedAhead(plan, date, n)
  const list: Announcement[] = [
    {
      title: 'Welcome back!',
      body: fall
        ? 'We are excited to start the new school year. Please check that your contact information in the portal is up to date.'
        : 'We hope you had a restful winter break. Please check that your contact information in the portal is up to date.',
      es: {
        title: '¡Bienvenidos!',
        body: fall
          ? 'Estamos muy contentos de comenzar el nuevo año escolar. Por favor, verifique que su información de contacto en el portal esté actualizada.'
          : 'Esperamos que hayan descansado en las vacaciones de invierno. Por favor, verifique que su información de contacto en el portal esté actualizada.',
      },
      on: calendar.instructionalDays[0],
    },
    { title: 'Picture day', body: 'School pictures will be taken this week. Order forms went home in backpacks.' },
    {
      title: 'Parent–teacher conferences',
      body: `Sign-ups for ${season} conferences are open in the portal. Interpreters are available on request.`,
      es: { title: 'Conferencias de padres y maestros', body: `Ya puede inscribirse en el portal para las conferencias de ${seasonEs}. Hay intérpretes disponibles si los solicita.` },
    },
    { title: 'Book fair', body: 'The book fair is open in the library before and after school all week.' },
    fall
      ? { title: 'Flu vaccine clinic', body: 'The county health department will offer free flu vaccines at school. Consent forms are at the front office.' }
      : { title: 'Vision and hearing screening', body: 'The school nurse will hold vision and hearing screenings this month. Let the front office know if your child wears glasses.' },
    { title: `${Season} concert`, body: `Join us in the gym on Thursday evening at 6:30 for our ${season} concert.` },
    { title: 'Canned food drive', body: 'Our canned food drive for the local food bank runs through the end of the month.' },
  ]
  for (const day of [...calendar.earlyReleaseDays].sort()) {
    const on = ahead(day, 3)
    if (!on) continue
    list.push({
      title: `Early release: ${dayLabel(day)}`,
      body: `Students will be released two hours early on ${dayLabel(day)}. Buses run on the early schedule.`,
      es: { title: `Salida temprana: ${dayLabelEs(day)}`, body: `Los estudiantes saldrán dos horas antes el ${dayLabelEs(day)}. Los autobuses seguirán el horario de salida temprana.` },
      on,
    })
  }
  // The long break: the run of holidays that lasts several days (Thanksgiving, spring break).
  const breakDays = [...calendar.holidays].filter(([, name]) => name === (fall ? 'Thanksgiving break' : 'Spring break')).map(([d]) => d).sort()
  const first = breakDays[0]
  const last = breakDays.at(-1)
  const resume = last && calendar.instructionalDays.find((d) => d > last)
  const breakOn = first && ahead(first, 5)
  if (first && last && resume && breakOn) {
    const range = (label: (d: string) => string) => `${label(first).replace(/^\S+ /, '')}–${label(last).replace(/^\S+ /, '')}`
    const english = (d: string) => dayLabel(d).replace(',', '')
    list.push({
      title: fall ? 'Thanksgiving break' : 'Spring break',
      body: `There is no school ${range(english)}. Classes resume on ${dayLabel(resume)}.`,
      es: {
        title: fall ? 'Vacaciones de Acción de Gracias' : 'Vacaciones de primavera',
        body: `No hay clases del ${dayLabelEs(first).replace(/^\S+ /, '')} al ${dayLabelEs(last).replace(/^\S+ /, '')}. Las clases se reanudan el ${dayLabelEs(resume)}.`,
      },
      on: breakOn,
    })
  }
  const [, secondPeriod] = plan.gradingPeriods
  const reportsOn = secondPeriod && calendar.instructionalDays.filter((d) => d >= secondPeriod.beginDate)[10]
  if (secondPeriod && reportsOn && reportsOn <= plan.asOf) {
    list.push({ title: 'Progress reports posted', body: `${secondPeriod.name} progress reports are now available in the portal.`, on: reportsOn })
  }
  return list
}

/** A class's posts; the first names one of the class's own unit tests (its day comes from the gradebook). */
const SECTION_ANNOUNCEMENTS: Array<(course: string, day: string) => { title: string; body: string }> = [
  (course, day) => ({ title: `${course}: unit test on ${day}`, body: 'Review the study guide on the class page. Extra help is available on Wednesday after school.' }),
  (course) => ({ title: `${course}: project due next week`, body: 'Projects are due next Friday. Please check that your child has the materials they need.' }),
  (course) => ({ title: `${course}: field trip form`, body: 'Please sign and return the field trip permission form by Friday.' }),
  (course) => ({ title: `${course}: supplies`, body: 'We are running low on tissues and glue sticks. Donations are welcome and appreciated.' }),
]

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

/** "Tuesday, November 3": written out here so every machine seeds the same text. */
function dayLabel(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`)
  return `${WEEKDAYS[d.getUTCDay()]}, ${MONTH_NAMES[d.getUTCMonth()] ?? ''} ${d.getUTCDate()}`
}


type ThreadRow = typeof t.threads.$inferInsert
type ParticipantRow = typeof t.threadParticipants.$inferInsert
type MessageRow = typeof t.messages.$inferInsert

interface Person {
  id: string
  type: 'Contact' | 'Staff' | 'Student'
  displayName: string
  /** The language this person writes in on this thread. */
  language: string
}

interface PlannedThread {
  student: PlannedStudent
  section: PlannedSection
  teacher: PlannedStaff
  family: Person[]
  topic: Topic
  /** The day the first message was sent. */
  startDay: string
  /** How many of the topic's turns have happened by the data's last day (the rest are still to come). */
  turns: number
  /**
   * Per participant id: 'all' (has read everything) or 'own' (has read up to their own last
   * message, and never opened the thread if they have not written in it).
   */
  read: (personId: string) => 'all' | 'own'
  /** Longest wait for a reply. @default 30 hours */
  maxGapMinutes?: number
}

function fullName(p: { firstName: string; lastSurname: string }): string {
  return `${p.firstName} ${p.lastSurname}`
}

export async function seedMessaging(loader: SeedLoader, plan: DistrictPlan, progress: SeedProgress): Promise<void> {
  const random = createRandom('messaging')
  const asOf = plan.asOf
  /** The end of the district's "today": nothing is sent or read after it. */
  const NOW = new Date(`${asOf}T23:30:00Z`)
  const contacts = new Map(plan.contacts.map((c) => [c.id, c]))
  const staff = new Map(plan.staff.map((s) => [s.id, s]))
  const sections = new Map(plan.sections.map((s) => [s.id, s]))
  const sectionsOf = new Map<string, PlannedSection[]>()
  for (const e of plan.enrolments) {
    const section = sections.get(e.sectionId)
    if (!section) continue
    const list = sectionsOf.get(e.studentId) ?? []
    list.push(section)
    sectionsOf.set(e.studentId, list)
  }
  // Guardians who may read the child's records: no court order, and consent once the child is 18.
  const guardiansOf = new Map<string, PlannedContact[]>()
  const eighteenthBirthdayBy = `${Number(asOf.slice(0, 4)) - 18}${asOf.slice(4)}`
  const adult = (s: PlannedStudent) => s.birthDate <= eighteenthBirthdayBy
  const studentsById = new Map(plan.students.map((s) => [s.id, s]))
  for (const g of [...plan.guardianships].sort((a, b) => a.contactPriority - b.contactPriority)) {
    const student = studentsById.get(g.studentId)
    const contact = contacts.get(g.contactId)
    if (!student || !contact || g.restrictionDocument) continue
    if (adult(student) && !g.studentConsentGrantedAt) continue
    const list = guardiansOf.get(g.studentId) ?? []
    list.push(contact)
    guardiansOf.set(g.studentId, list)
  }

  let threads: ThreadRow[] = []
  let participants: ParticipantRow[] = []
  let messages: MessageRow[] = []
  const flush = async (force: boolean) => {
    if (!force && messages.length < 50_000) return
    await loader.load(t.threads, threads)
    await loader.load(t.threadParticipants, participants)
    await loader.load(t.messages, messages)
    progress(`messaging: ${threads.length} threads, ${messages.length} messages`)
    threads = []
    participants = []
    messages = []
  }

  const addThread = (p: PlannedThread) => {
    const threadId = seededUuid(random)
    const context: Context = { child: p.student.firstName, course: p.section.courseTitle, day: dayLabel(p.startDay) }
    const teacher: Person = { id: p.teacher.id, type: 'Staff', displayName: fullName(p.teacher), language: 'en' }
    const people = [...p.family, teacher]
    let sentAt = new Date(`${p.startDay}T${String(random.number.int({ min: 12, max: 23 })).padStart(2, '0')}:${String(random.number.int({ min: 0, max: 59 })).padStart(2, '0')}:00Z`)
    const sent: MessageRow[] = []
    for (const turn of p.topic.turns.slice(0, p.turns)) {
      if (sentAt > NOW) break
      // In a thread with two guardians, either may write the family's part.
      const sender = turn.from === 'teacher' ? teacher : p.family.length > 1 && random.datatype.boolean(0.3) ? p.family[1] : p.family[0]
      if (!sender) break
      const body = turn.from === 'family' ? (GUARDIAN_WORDS[sender.language] ?? ENGLISH)[turn.intent](context) : turn.text(context)
      sent.push({ id: seededUuid(random), threadId, senderId: sender.id, senderType: sender.type, body, language: turn.from === 'family' ? sender.language : 'en', sentAt })
      sentAt = new Date(sentAt.getTime() + random.number.int({ min: 20, max: p.maxGapMinutes ?? 30 * 60 }) * 60_000)
    }
    const first = sent[0]
    const last = sent.at(-1)
    if (!first || !last) return
    threads.push({ id: threadId, studentId: p.student.id, schoolId: p.student.schoolId, sectionId: p.section.id, subject: p.topic.subject(context), createdAt: first.sentAt })
    messages.push(...sent)
    for (const person of people) {
      const own = sent.filter((m) => m.senderId === person.id).at(-1)
      // Sending a message means having read the thread up to it.
      const lastReadAt =
        p.read(person.id) === 'all'
          ? new Date(Math.min(NOW.getTime(), last.sentAt.getTime() + random.number.int({ min: 5, max: 600 }) * 60_000))
          : (own?.sentAt ?? null)
      participants.push({ threadId, personId: person.id, personType: person.type, displayName: person.displayName, lastReadAt })
    }
  }

  const readState = () => weighted(random, [['all', 70], ['own', 30]] as const)
  const recentDay = () => {
    // Conversations cluster in recent weeks: a skewed pick over the term so far.
    const days = plan.daysSoFar
    const index = Math.floor(days.length * (1 - random.number.float({ min: 0, max: 1 }) ** 2))
    return days[Math.min(days.length - 1, index)] ?? asOf
  }
  const guardianPerson = (c: PlannedContact, ownLanguage: boolean): Person => ({
    id: c.id,
    type: 'Contact',
    displayName: fullName(c),
    language: ownLanguage && GUARDIAN_WORDS[c.preferredLanguage] ? c.preferredLanguage : 'en',
  })
  const studentPerson = (s: PlannedStudent): Person => ({ id: s.id, type: 'Student', displayName: fullName(s), language: 'en' })

  // The named people first, with the situations the demo shows.
  const n = plan.named
  const demoGuardian = contacts.get(n.demoGuardian)
  const leo = studentsById.get(n.demoStudent)
  const maya = studentsById.get(n.demoElementaryChild)
  const demoTeacher = staff.get(n.demoTeacher)
  if (!demoGuardian || !leo || !maya || !demoTeacher) throw new Error('The district plan lacks its named people.')
  const secondGuardian = (guardiansOf.get(maya.id) ?? []).find((c) => c.id !== demoGuardian.id)
  const leoMath = (sectionsOf.get(leo.id) ?? []).find((s) => s.teacherId === demoTeacher.id)
  const mayaSections = sectionsOf.get(maya.id) ?? []
  const mayaHomeroom = mayaSections.find((s) => s.subject === 'English Language Arts')
  const mayaPe = mayaSections.find((s) => s.subject === 'Physical, Health, and Safety Education')
  if (!leoMath || !mayaHomeroom || !mayaPe) throw new Error("The demo children's sections are missing from the plan.")
  const teacherOf = (s: PlannedSection) => {
    const found = staff.get(s.teacherId)
    if (!found) throw new Error(`Section ${s.sectionIdentifier} has no teacher in the plan.`)
    return found
  }
  const alex = guardianPerson(demoGuardian, false)
  const both = secondGuardian ? [alex, guardianPerson(secondGuardian, false)] : [alex]
  const day = (daysBefore: number) => plan.daysSoFar[Math.max(0, plan.daysSoFar.length - 1 - daysBefore)] ?? asOf
  const nextSchoolDay = (date: string) => plan.daysSoFar.find((d) => d > date) ?? asOf
  // Replies come within hours, so every turn the demo relies on has happened by the data's last day.
  const addDemoThread = (p: PlannedThread) => addThread({ ...p, maxGapMinutes: 6 * 60 })
  // Alex has not yet read the teacher's latest replies about Leo, and never opened the praise note.
  addDemoThread({ student: leo, section: leoMath, teacher: demoTeacher, family: [alex], topic: GUARDIAN_TOPICS.missing, startDay: day(3), turns: 4, read: (id) => (id === alex.id ? 'own' : 'all') })
  addDemoThread({ student: leo, section: leoMath, teacher: demoTeacher, family: both, topic: GUARDIAN_TOPICS.praise, startDay: day(1), turns: 1, read: (id) => (id === demoTeacher.id ? 'all' : 'own') })
  // The question about the last test follows a test Leo's class took (the latest one three weeks back or more).
  const leoTest = (plan.facts.testDays.get(leoMath.id) ?? []).filter((d) => d <= day(15)).at(-1)
  addDemoThread({ student: leo, section: leoMath, teacher: demoTeacher, family: [alex], topic: GUARDIAN_TOPICS.grade, startDay: leoTest ? nextSchoolDay(leoTest) : day(20), turns: 3, read: () => 'all' })
  addDemoThread({ student: maya, section: mayaHomeroom, teacher: teacherOf(mayaHomeroom), family: both, topic: GUARDIAN_TOPICS.absence, startDay: day(12), turns: 4, read: () => 'all' })
  addDemoThread({ student: maya, section: mayaPe, teacher: teacherOf(mayaPe), family: [alex], topic: GUARDIAN_TOPICS.meeting, startDay: day(2), turns: 2, read: (id) => (id === alex.id ? 'own' : 'all') })
  // Leo's own thread: his guardians are not in it and may not read it.
  // …about the day he was away without a note (attendance's script for him).
  addDemoThread({ student: leo, section: leoMath, teacher: demoTeacher, family: [studentPerson(leo)], topic: STUDENT_TOPICS.makeUp, startDay: day(12), turns: 2, read: (id) => (id === leo.id ? 'own' : 'all') })
  const jordan = studentsById.get(n.adultStudent)
  const jordanSection = jordan ? sectionsOf.get(jordan.id)?.[0] : undefined
  if (jordan && jordanSection) {
    addDemoThread({ student: jordan, section: jordanSection, teacher: teacherOf(jordanSection), family: [studentPerson(jordan)], topic: STUDENT_TOPICS.extraHelp, startDay: day(6), turns: 3, read: () => 'all' })
  }
  const noah = studentsById.get(n.restrictedStudent)
  const noahSection = noah ? sectionsOf.get(noah.id)?.[0] : undefined
  const noahGuardian = noah ? guardiansOf.get(noah.id)?.[0] : undefined
  if (noah && noahSection && noahGuardian) {
    addDemoThread({ student: noah, section: noahSection, teacher: teacherOf(noahSection), family: [guardianPerson(noahGuardian, false)], topic: GUARDIAN_TOPICS.homework, startDay: day(8), turns: 3, read: () => 'all' })
  }
  // The demo teacher also hears from a family writing in its own language.
  const named = new Set([leo.id, maya.id, n.adultStudent, n.restrictedStudent])
  const demoTeacherSections = new Set(plan.sections.filter((s) => s.teacherId === demoTeacher.id).map((s) => s.id))
  const otherLanguageFamily = plan.students.find((s) => {
    const language = guardiansOf.get(s.id)?.[0]?.preferredLanguage
    return !named.has(s.id) && language !== undefined && language !== 'en' && (sectionsOf.get(s.id) ?? []).some((x) => demoTeacherSections.has(x.id))
  })
  const otherGuardian = otherLanguageFamily ? guardiansOf.get(otherLanguageFamily.id)?.[0] : undefined
  const otherSection = otherLanguageFamily ? (sectionsOf.get(otherLanguageFamily.id) ?? []).find((x) => demoTeacherSections.has(x.id)) : undefined
  if (otherLanguageFamily && otherGuardian && otherSection) {
    named.add(otherLanguageFamily.id)
    const family = [guardianPerson(otherGuardian, true)]
    addDemoThread({ student: otherLanguageFamily, section: otherSection, teacher: demoTeacher, family, topic: GUARDIAN_TOPICS.homework, startDay: day(2), turns: 3, read: (id) => (id === demoTeacher.id ? 'own' : 'all') })
  }

  /**
   * What a thread about `topic` can be about, true to the child's records: missing work in a class
   * where the child has some, due before the thread; an absence on a day the child was home ill;
   * the last test of a class that has had one. Undefined when the records hold no such thing.
   */
  const groundedIn = (
    topic: keyof typeof GUARDIAN_TOPICS | keyof typeof STUDENT_TOPICS,
    student: PlannedStudent,
    enrolled: PlannedSection[],
    startDay: string,
  ): { section: PlannedSection; startDay: string } | undefined => {
    const pick = <T>(list: T[]) => (list.length ? random.helpers.arrayElement(list) : undefined)
    if (topic === 'missing' || topic === 'missingNotice' || topic === 'lateWork') {
      const missing = pick((plan.facts.missingWork.get(student.id) ?? []).filter((m) => m.dueDate < startDay))
      const section = missing && sections.get(missing.sectionId)
      return section ? { section, startDay } : undefined
    }
    if (topic === 'absence' || topic === 'makeUp') {
      const ill = pick(plan.facts.sickDays.get(student.id) ?? [])
      const section = pick(enrolled)
      return ill && section ? { section, startDay: ill } : undefined
    }
    if (topic === 'grade' || topic === 'extraHelp') {
      const tested = enrolled.filter((s) => (plan.facts.testDays.get(s.id) ?? []).some((d) => d < startDay))
      const section = pick(tested)
      return section ? { section, startDay } : undefined
    }
    const section = pick(enrolled)
    return section ? { section, startDay } : undefined
  }

  // Everyone else: most families never write; some write several times a term, about what their records show.
  for (const student of plan.students) {
    if (named.has(student.id)) continue
    const count = weighted(random, [[0, 62], [1, 24], [2, 9], [3, 5]] as const)
    const enrolled = sectionsOf.get(student.id) ?? []
    const guardians = guardiansOf.get(student.id) ?? []
    for (let k = 0; k < count && enrolled.length > 0; k++) {
      const studentWrites = student.gradeLevel >= 6 && (guardians.length === 0 || random.datatype.boolean(student.gradeLevel >= 9 ? 0.3 : 0.1))
      let topicName: keyof typeof GUARDIAN_TOPICS | keyof typeof STUDENT_TOPICS = studentWrites ? weighted(random, STUDENT_TOPIC_WEIGHTS) : weighted(random, GUARDIAN_TOPIC_WEIGHTS)
      let grounded = groundedIn(topicName, student, enrolled, recentDay())
      if (!grounded) {
        // A topic the records do not bear out becomes a general one: extra help, homework help.
        topicName = studentWrites ? 'extraHelp' : 'homework'
        grounded = groundedIn(topicName, student, enrolled, recentDay())
      }
      if (!grounded) continue
      const { section, startDay } = grounded
      const teacher = staff.get(section.teacherId)
      if (!teacher) continue
      if (studentWrites) {
        const topic = STUDENT_TOPICS[topicName in STUDENT_TOPICS ? (topicName as keyof typeof STUDENT_TOPICS) : 'extraHelp']
        addThread({ student, section, teacher, family: [studentPerson(student)], topic, startDay, turns: random.number.int({ min: 1, max: topic.turns.length }), read: readState })
        continue
      }
      const primary = guardians.length > 1 && random.datatype.boolean(0.25) ? guardians[1] : guardians[0]
      if (!primary) continue
      const ownLanguage = primary.preferredLanguage !== 'en' && random.datatype.boolean(0.55)
      const family = [guardianPerson(primary, ownLanguage)]
      const other = guardians.find((c) => c.id !== primary.id)
      if (other && random.datatype.boolean(0.15)) family.push(guardianPerson(other, ownLanguage))
      const topic = GUARDIAN_TOPICS[topicName in GUARDIAN_TOPICS ? (topicName as keyof typeof GUARDIAN_TOPICS) : 'homework']
      const turns = random.datatype.boolean(0.55) ? topic.turns.length : random.number.int({ min: 1, max: topic.turns.length })
      addThread({ student, section, teacher, family, topic, startDay, turns, read: readState })
    }
    await flush(false)
  }
  await flush(true)

  const ahead = (date: string, n: number) => postedAhead(plan, date, n)
  // Announcements: every school through the term, each class now and then.
  let notices: Array<typeof t.announcements.$inferInsert> = []
  const at = (isoDate: string, hour: number) => new Date(`${isoDate}T${String(hour).padStart(2, '0')}:${String(random.number.int({ min: 0, max: 59 })).padStart(2, '0')}:00Z`)
  const posted = schoolAnnouncements(plan)
  const spread = posted.filter((a) => a.on === undefined)
  for (const school of plan.schools) {
    posted.forEach((a) => {
      // Dated ones on their day; the others spread over the term so far in the list's order, each a few days either way.
      const k = spread.indexOf(a)
      const base = Math.floor(((k + 0.5) * plan.daysSoFar.length) / spread.length)
      const index = Math.max(0, Math.min(plan.daysSoFar.length - 1, base + random.number.int({ min: -3, max: 3 })))
      const publishedAt = at(a.on ?? plan.daysSoFar[index] ?? asOf, random.number.int({ min: 12, max: 17 }))
      const id = seededUuid(random)
      notices.push({ id, schoolId: school.id, sectionId: null, title: a.title, body: a.body, language: 'en', translationOf: null, publishedAt })
      if (a.es) notices.push({ id: seededUuid(random), schoolId: school.id, sectionId: null, title: a.es.title, body: a.es.body, language: 'es', translationOf: id, publishedAt })
    })
  }
  for (const section of plan.sections) {
    const count = section.id === leoMath.id || section.id === mayaHomeroom.id ? 3 : weighted(random, [[0, 35], [1, 35], [2, 20], [3, 10]] as const)
    // The test announced: the class's next unit test a week or less ahead of the data's last day, else its latest one.
    const tests = plan.facts.testDays.get(section.id) ?? []
    const announced = tests.find((d) => d > plan.asOf && ahead(d, 5) !== undefined) ?? tests.filter((d) => d <= plan.asOf).at(-1)
    for (let k = 0; k < count; k++) {
      const template = SECTION_ANNOUNCEMENTS[k % SECTION_ANNOUNCEMENTS.length]
      if (!template) break
      const testOn = k === 0 && announced ? ahead(announced, 5) : undefined
      if (k === 0 && !testOn) continue
      const published = testOn ?? recentDay()
      const { title, body } = template(section.courseTitle, dayLabel(k === 0 && announced ? announced : addDays(published, 7)))
      notices.push({ id: seededUuid(random), schoolId: section.schoolId, sectionId: section.id, title, body, language: 'en', translationOf: null, publishedAt: at(published, random.number.int({ min: 13, max: 22 })) })
    }
    if (notices.length >= 50_000) {
      await loader.load(t.announcements, notices)
      notices = []
    }
  }
  await loader.load(t.announcements, notices)
  progress('messaging: announcements')

  // Notification preferences: rows for the guardians who have saved their settings page (which
  // writes every kind and channel); the others follow the district's defaults.
  let preferences: Array<typeof t.notificationPreferences.$inferInsert> = []
  for (const contact of plan.contacts) {
    if (contact.id !== demoGuardian.id && !random.datatype.boolean(0.3)) continue
    const threshold = contact.id === demoGuardian.id ? 80 : weighted(random, [[t.DEFAULT_GRADE_THRESHOLD, 60], [80, 25], [60, 10], [90, 5]] as const)
    for (const kind of t.notificationKind.enumValues) {
      for (const channel of t.notificationChannel.enumValues) {
        const fallback = t.DEFAULT_NOTIFICATION_PREFERENCES[kind][channel]
        // demo.guardian saved the district's defaults (with a higher grade threshold); others changed some.
        const flipped = random.datatype.boolean(0.3)
        const enabled = contact.id !== demoGuardian.id && flipped ? !fallback : fallback
        preferences.push({ contactId: contact.id, kind, channel, enabled, threshold: kind === 'grades' ? threshold : null })
      }
    }
    if (preferences.length >= 50_000) {
      await loader.load(t.notificationPreferences, preferences)
      preferences = []
    }
  }
  await loader.load(t.notificationPreferences, preferences)
  progress('messaging: notification preferences')

  await loader.load(t.alertRecipients, alertRecipientsOf(plan))
  progress('messaging: alert recipients')
}

/**
 * Messaging's copy of whom it may alert about each student, as academics' 'student-contacts'
 * events would have carried it: contacts whose access is open (no court order; an adult
 * student's consent), with how to reach them.
 */
function alertRecipientsOf(plan: DistrictPlan): Array<typeof t.alertRecipients.$inferInsert> {
  const students = new Map(plan.students.map((s) => [s.id, s]))
  const contacts = new Map(plan.contacts.map((c) => [c.id, c]))
  const adultBorn = `${Number(plan.asOf.slice(0, 4)) - 18}${plan.asOf.slice(4)}`
  const rows: Array<typeof t.alertRecipients.$inferInsert> = []
  for (const link of plan.guardianships) {
    const student = students.get(link.studentId)
    const contact = contacts.get(link.contactId)
    if (!student || !contact || link.restrictionDocument !== null) continue
    if (student.birthDate <= adultBorn && link.studentConsentGrantedAt === null) continue
    rows.push({
      studentId: student.id,
      contactId: contact.id,
      studentName: student.firstName,
      schoolId: student.schoolId,
      displayName: `${contact.firstName} ${contact.lastSurname}`,
      email: contact.email,
      phone: contact.phone,
      language: contact.preferredLanguage,
    })
  }
  return rows
}
