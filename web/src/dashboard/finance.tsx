/**
 * Fees and the meal account: what is owed and the meal balance, each with the graph's words for
 * what it means, and the way to pay.
 */
import type { CombinedError } from '@urql/core'
import { defineMessages, formatCents, useLanguage, useMessages } from '../i18n.ts'
import { href, type DashboardChild } from '../routes.ts'
import { Area, partError } from './area.tsx'

const messages = defineMessages({
  en: {
    title: 'Fees and meals',
    balanceDue: 'Fees due',
    meal: 'Meal balance',
    low: 'Low',
    noMeal: 'This child has no meal account.',
    noFinance: 'The district holds no fees or meal account for this child.',
    pay: 'Pay fees',
  },
  es: {
    title: 'Cuotas y comidas',
    balanceDue: 'Cuotas pendientes',
    meal: 'Saldo de comidas',
    low: 'Bajo',
    noMeal: 'Este niño o niña no tiene cuenta de comidas.',
    noFinance: 'El distrito no tiene cuotas ni cuenta de comidas de este niño o niña.',
    pay: 'Pagar cuotas',
  },
  vi: {
    title: 'Học phí và bữa ăn',
    balanceDue: 'Khoản phí phải trả',
    meal: 'Số dư tiền ăn',
    low: 'Thấp',
    noMeal: 'Học sinh này không có tài khoản tiền ăn.',
    noFinance: 'Học khu không có khoản phí hay tài khoản tiền ăn nào của học sinh này.',
    pay: 'Trả phí',
  },
  so: {
    title: 'Lacagaha iyo cuntada',
    balanceDue: 'Lacagaha lagu leeyahay',
    meal: 'Haraaga cuntada',
    low: 'Hooseeya',
    noMeal: 'Ardaygan ma laha akoon cunto.',
    noFinance: 'Degmadu ma hayso lacago ama akoon cunto oo ardaygan ah.',
    pay: 'Bixi lacagaha',
  },
  ar: {
    title: 'الرسوم والوجبات',
    balanceDue: 'الرسوم المستحقة',
    meal: 'رصيد الوجبات',
    low: 'منخفض',
    noMeal: 'ليس لهذا الطفل حساب وجبات.',
    noFinance: 'لا تملك المنطقة التعليمية رسومًا أو حساب وجبات لهذا الطفل.',
    pay: 'دفع الرسوم',
  },
})

export function Finance({ child, index, error }: { child: DashboardChild; index: number; error: CombinedError | undefined }) {
  const t = useMessages(messages)
  const language = useLanguage()
  const finance = child.finance
  return (
    <Area id="finance" title={t.title} error={partError(error, child, index, 'finance')}>
      {!finance ? (
        <p>{t.noFinance}</p>
      ) : (
        <>
          {finance.balanceDueCents !== null && (
            <p class="figure">
              {t.balanceDue}: <strong>{formatCents(finance.balanceDueCents, language)}</strong>
            </p>
          )}
          {finance.explanation && <p>{finance.explanation}</p>}
          {finance.balanceDueCents !== null && finance.balanceDueCents > 0 && (
            <p>
              <a class="action" href={href({ view: 'pay', childId: child.id })}>
                {t.pay}
              </a>
            </p>
          )}
          {finance.mealAccount ? (
            <>
              <p class="figure">
                {t.meal}: <strong>{formatCents(finance.mealAccount.balanceCents, language)}</strong>
                {finance.mealAccount.isLow && <span class="badge warning"> {t.low}</span>}
              </p>
              <p>{finance.mealAccount.explanation}</p>
            </>
          ) : (
            <p>{t.noMeal}</p>
          )}
        </>
      )}
    </Area>
  )
}
