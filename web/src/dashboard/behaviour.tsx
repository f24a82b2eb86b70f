/**
 * Behaviour: this child's own part in each incident (never who else took part) and the
 * recognitions the school gave.
 */
import type { CombinedError } from '@urql/core'
import { defineMessages, formatDate, useLanguage, useMessages } from '../i18n.ts'
import type { DashboardChild } from '../routes.ts'
import { Area, ListOr, partError } from './area.tsx'

const messages = defineMessages({
  en: {
    title: 'Behaviour and recognitions',
    recognitions: 'Recognitions',
    noRecognitions: 'No recognitions yet.',
    incidents: 'Incidents',
    noIncidents: 'No incidents.',
    noRecord: 'The school has no behaviour record for this child.',
  },
  es: {
    title: 'Conducta y reconocimientos',
    recognitions: 'Reconocimientos',
    noRecognitions: 'Todavía no hay reconocimientos.',
    incidents: 'Incidentes',
    noIncidents: 'No hay incidentes.',
    noRecord: 'La escuela no tiene registro de conducta de este niño o niña.',
  },
  vi: {
    title: 'Hạnh kiểm và khen thưởng',
    recognitions: 'Khen thưởng',
    noRecognitions: 'Chưa có khen thưởng nào.',
    incidents: 'Sự việc',
    noIncidents: 'Không có sự việc nào.',
    noRecord: 'Nhà trường không có hồ sơ hạnh kiểm của học sinh này.',
  },
  so: {
    title: 'Dhaqanka iyo abaalmarinnada',
    recognitions: 'Abaalmarinnada',
    noRecognitions: 'Weli abaalmarin ma jirto.',
    incidents: 'Dhacdooyinka',
    noIncidents: 'Dhacdo ma jirto.',
    noRecord: 'Dugsigu ma hayo diiwaan dhaqan oo ardaygan ah.',
  },
  ar: {
    title: 'السلوك والتقدير',
    recognitions: 'شهادات التقدير',
    noRecognitions: 'لا توجد شهادات تقدير بعد.',
    incidents: 'الحوادث',
    noIncidents: 'لا توجد حوادث.',
    noRecord: 'ليس لدى المدرسة سجل سلوك لهذا الطفل.',
  },
})

export function Behaviour({ child, index, error }: { child: DashboardChild; index: number; error: CombinedError | undefined }) {
  const t = useMessages(messages)
  const language = useLanguage()
  const behaviour = child.behaviour
  return (
    <Area id="behaviour" title={t.title} error={partError(error, child, index, 'behaviour')}>
      {!behaviour ? (
        <p>{t.noRecord}</p>
      ) : (
        <>
          <h3>{t.recognitions}</h3>
          <ListOr items={behaviour.recognitions} empty={t.noRecognitions}>
            {(r) => (
              <li key={r.id}>
                {formatDate(r.awardedDate, language)}: {r.typeLabel}
              </li>
            )}
          </ListOr>
          <h3>{t.incidents}</h3>
          <ListOr items={behaviour.incidents} empty={t.noIncidents}>
            {(i) => (
              <li key={i.id}>
                {formatDate(i.date, language)}: {i.participationLabel}
              </li>
            )}
          </ListOr>
        </>
      )}
    </Area>
  )
}
