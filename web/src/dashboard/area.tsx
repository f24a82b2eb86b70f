/**
 * One area of a child's dashboard: its heading, and either what the graph answered or, when the
 * part of the answer it rests on came back with an error, a plain sentence in its place (the rest
 * of the page stands: a subgraph that is down costs only its own areas).
 */
import type { ComponentChildren } from 'preact'
import type { CombinedError } from '@urql/core'
import { errorAt, subgraphError } from '../graph.ts'
import { defineMessages, useMessages } from '../i18n.ts'
import type { DashboardChild } from '../routes.ts'

const messages = defineMessages({
  en: {
    unavailable: (area: string) => `${area} can’t be shown right now. Try again later.`,
    forbidden: (area: string) => `You may not see ${area.toLowerCase()} for this child. If you think this is wrong, contact the school.`,
  },
  es: {
    unavailable: (area: string) => `No se puede mostrar «${area}» en este momento. Inténtelo más tarde.`,
    forbidden: (area: string) => `Usted no tiene acceso a «${area}» de este niño o niña. Si cree que es un error, comuníquese con la escuela.`,
  },
  vi: {
    unavailable: (area: string) => `Hiện không thể hiển thị mục “${area}”. Vui lòng thử lại sau.`,
    forbidden: (area: string) => `Quý vị không được xem mục “${area}” của học sinh này. Nếu quý vị nghĩ đây là nhầm lẫn, hãy liên hệ nhà trường.`,
  },
  so: {
    unavailable: (area: string) => `“${area}” hadda lama soo bandhigi karo. Fadlan mar dambe isku day.`,
    forbidden: (area: string) => `Uma fasaxnid inaad aragto “${area}” ee ardaygan. Haddii aad u malaynayso inay tani khalad tahay, la xiriir dugsiga.`,
  },
  ar: {
    unavailable: (area: string) => `لا يمكن عرض «${area}» الآن. يُرجى المحاولة لاحقًا.`,
    forbidden: (area: string) => `لا يحق لك الاطلاع على «${area}» لهذا الطفل. إذا كنت ترى أن هذا خطأ، فتواصل مع المدرسة.`,
  },
})

export function Area({ id, title, error, children }: { id: string; title: string; error?: { code: string } | undefined; children: ComponentChildren }) {
  return (
    <section class="area" aria-labelledby={`${id}-heading`} id={id}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {error ? <Problem title={title} error={error} /> : children}
    </section>
  )
}

/** The sentence in place of a part of the answer that came back with an error. */
export function Problem({ title, error }: { title: string; error: { code: string } }) {
  const t = useMessages(messages)
  return <p class="area-error">{error.code === 'FORBIDDEN' ? t.forbidden(title) : t.unavailable(title)}</p>
}

/** A list, or a sentence when it is empty. */
export function ListOr<T>({ items, empty, children, class: className }: { items: readonly T[] | null | undefined; empty: string; children: (item: T, index: number) => ComponentChildren; class?: string }) {
  if (!items?.length) return empty ? <p class="muted">{empty}</p> : null
  return <ul class={className ?? 'items'}>{items.map(children)}</ul>
}

/** The subgraph that answers each part of a child's dashboard. */
const OWNERS = {
  sections: 'academics',
  missingWork: 'academics',
  schedule: 'academics',
  upcomingAssignments: 'academics',
  attendance: 'attendance',
  absenceNotices: 'attendance',
  calendar: 'attendance',
  behaviour: 'behaviour',
  finance: 'finance',
  messageThreads: 'messaging',
  transportation: 'transportation',
} as const satisfies Partial<Record<keyof DashboardChild, string>>

/**
 * The error behind one part of a child's answer: one with the part's path, or, for a part that
 * came back null, its subgraph's being down (such an error may carry no path).
 */
export function partError(error: CombinedError | undefined, child: DashboardChild, index: number, part: keyof typeof OWNERS): { code: string } | undefined {
  return errorAt(error, ['me', 'children', index, part]) ?? (child[part] === null ? subgraphError(error, OWNERS[part]) : undefined)
}
