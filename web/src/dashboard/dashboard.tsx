/**
 * One child's dashboard: every area from the FamilyDashboard answer, each standing on its own so
 * that an error in one part (a subgraph down, a field the family may not read) costs only that area.
 */
import type { CombinedError } from '@urql/core'
import { defineMessages, useMessages } from '../i18n.ts'
import type { DashboardChild } from '../routes.ts'
import { Attendance } from './attendance.tsx'
import { Behaviour } from './behaviour.tsx'
import { Bus } from './bus.tsx'
import { Finance } from './finance.tsx'
import { Grades, Work } from './grades.tsx'
import { Messages } from './messages.tsx'
import { Schedule } from './schedule.tsx'

const messages = defineMessages({
  en: {
    noChildren: 'No child’s school records are open to this account.',
    noChildrenWhy:
      'A school opens a child’s records to a parent or guardian it has on file, unless something such as a court order or an adult student’s choice keeps them closed. If you think you should see a child here, please contact the child’s school office.',
  },
  es: {
    noChildren: 'Esta cuenta no tiene acceso a los registros escolares de ningún niño o niña.',
    noChildrenWhy:
      'La escuela da acceso a los registros de un niño o niña a los padres o tutores que tiene registrados, salvo que algo, como una orden judicial o la decisión de un estudiante mayor de edad, lo impida. Si cree que debería ver aquí a un niño o niña, comuníquese con la oficina de su escuela.',
  },
  vi: {
    noChildren: 'Tài khoản này không được xem hồ sơ học tập của học sinh nào.',
    noChildrenWhy:
      'Nhà trường mở hồ sơ của học sinh cho cha mẹ hoặc người giám hộ có trong hồ sơ, trừ khi có điều gì đó như lệnh của tòa án hoặc quyết định của học sinh đã trưởng thành không cho phép. Nếu quý vị nghĩ mình phải thấy học sinh ở đây, vui lòng liên hệ văn phòng trường của học sinh.',
  },
  so: {
    noChildren: 'Akoonkan looma furin diiwaannada dugsiga ee ilmo kasta.',
    noChildrenWhy:
      'Dugsigu wuxuu diiwaannada ilmaha u furaa waalidka ama mas’uulka uu diiwaanka ku hayo, haddii aanay wax sida amar maxkamadeed ama go’aanka arday qaangaar ah xirin. Haddii aad u malaynayso inaad halkan ku arki lahayd ilmo, fadlan la xiriir xafiiska dugsiga ilmaha.',
  },
  ar: {
    noChildren: 'لا يتيح هذا الحساب الاطلاع على السجلات المدرسية لأي طفل.',
    noChildrenWhy:
      'تتيح المدرسة سجلات الطفل للوالد أو الوصي المسجّل لديها، ما لم يمنع ذلك أمر مثل قرار من المحكمة أو اختيار طالب بالغ. إذا كنت ترى أنه يجب أن يظهر لك طفل هنا، فيُرجى التواصل مع مكتب مدرسة الطفل.',
  },
})

export function ChildDashboard({ child, index, error }: { child: DashboardChild; index: number; error: CombinedError | undefined }) {
  const props = { child, index, error }
  return (
    <>
      <h1 tabIndex={-1}>
        {child.firstName} {child.lastName}
      </h1>
      <p class="muted">
        {child.gradeLevelName} · {child.school.name}
      </p>
      <div class="areas">
        <Grades {...props} />
        <Work {...props} />
        <Attendance {...props} />
        <Schedule {...props} />
        <Behaviour {...props} />
        <Finance {...props} />
        <Messages {...props} />
        <Bus {...props} />
      </div>
    </>
  )
}

/** What a signed-in guardian sees when the district has opened no child's records to them. */
export function NoChildren({ name }: { name: string }) {
  const t = useMessages(messages)
  return (
    <>
      <h1 tabIndex={-1}>{name}</h1>
      <p class="notice" role="status">
        {t.noChildren}
      </p>
      <p>{t.noChildrenWhy}</p>
    </>
  )
}
