/**
 * The bus: the morning and afternoon runs, with the stop and when the bus is due there.
 */
import type { CombinedError } from '@urql/core'
import { defineMessages, formatTime, useLanguage, useMessages } from '../i18n.ts'
import type { DashboardChild } from '../routes.ts'
import { Area, partError } from './area.tsx'

const messages = defineMessages({
  en: {
    title: 'Bus',
    am: 'To school',
    pm: 'Home from school',
    bus: (bus: string) => `Bus ${bus}`,
    stop: (stop: string, time: string) => `${stop}, at ${time}`,
    noBus: 'This child does not ride a school bus.',
  },
  es: {
    title: 'Autobús',
    am: 'A la escuela',
    pm: 'De la escuela a casa',
    bus: (bus: string) => `Autobús ${bus}`,
    stop: (stop: string, time: string) => `${stop}, a las ${time}`,
    noBus: 'Este niño o niña no viaja en autobús escolar.',
  },
  vi: {
    title: 'Xe buýt',
    am: 'Đến trường',
    pm: 'Từ trường về nhà',
    bus: (bus: string) => `Xe buýt ${bus}`,
    stop: (stop: string, time: string) => `${stop}, lúc ${time}`,
    noBus: 'Học sinh này không đi xe buýt của trường.',
  },
  so: {
    title: 'Baska',
    am: 'Dugsiga loo socdo',
    pm: 'Guriga laga soo noqonayo',
    bus: (bus: string) => `Baska ${bus}`,
    stop: (stop: string, time: string) => `${stop}, saacadda ${time}`,
    noBus: 'Ardaygani ma raaco baska dugsiga.',
  },
  ar: {
    title: 'الحافلة',
    am: 'إلى المدرسة',
    pm: 'من المدرسة إلى البيت',
    bus: (bus: string) => `الحافلة ${bus}`,
    stop: (stop: string, time: string) => `${stop}، الساعة ${time}`,
    noBus: 'لا يركب هذا الطفل حافلة مدرسية.',
  },
})

export function Bus({ child, index, error }: { child: DashboardChild; index: number; error: CombinedError | undefined }) {
  const t = useMessages(messages)
  const language = useLanguage()
  const runs = [
    ['am', child.transportation?.am],
    ['pm', child.transportation?.pm],
  ] as const
  const riding = runs.filter(([, run]) => run)
  return (
    <Area id="bus" title={t.title} error={partError(error, child, index, 'transportation')}>
      {riding.length === 0 ? (
        <p>{t.noBus}</p>
      ) : (
        <dl class="runs">
          {riding.map(([direction, run]) =>
            run ? (
              <div key={direction}>
                <dt>{t[direction]}</dt>
                <dd>
                  <strong>{t.bus(run.busNumber)}</strong> · {t.stop(run.stop.name, formatTime(run.stop.scheduledTime, language))}
                </dd>
              </div>
            ) : null,
          )}
        </dl>
      )}
    </Area>
  )
}
