/**
 * Paying a child's fees. The idempotency key is made when the form opens and sent with every
 * submit of it, so a retry after a lost answer, a double click or a second tab's resubmit charges
 * once (the graph answers a repeated key with the first answer). Once a submit may have moved
 * money without the page hearing so, the form is held as it was sent: changing it would make a
 * different request under the same key, or, with a new key, a second charge.
 */
import { useMemo, useRef, useState } from 'preact/hooks'
import { useMutation, useQuery } from '@urql/preact'
import { ChildFeesDocument, PayFeesDocument, type PayFeesMutation } from '@district-graph/client'
import { defineMessages, formatCents, formatDate, formatInstant, useLanguage, useMessages, type Language } from '../i18n.ts'
import type { DashboardChild } from '../routes.ts'
import { ActView, Confirmation, ErrorMessage, Loading, errorKind, useErrorSentence, useRefreshDashboard } from './common.tsx'

const words = defineMessages({
  en: {
    title: (child: string) => `Pay ${child}’s fees`,
    nothingDue: (child: string) => `Nothing is owed for ${child} right now.`,
    fees: 'Fees to pay',
    detail: (category: string, date: string) => `${category}, due ${date}`,
    owes: (amount: string) => `${amount} owed`,
    exempt: 'waived: nothing owed',
    amount: 'Amount in dollars',
    amountHint: (most: string) => `At most ${most} for the fees chosen. A smaller amount pays the oldest fee first.`,
    pay: (amount: string) => `Pay ${amount}`,
    payNothing: 'Pay',
    paying: 'Paying…',
    chooseFee: 'Choose at least one fee to pay.',
    badAmount: (most: string) => `Enter an amount in dollars and cents, more than $0.00 and no more than ${most}.`,
    badInput: 'The payment was not accepted and nothing was charged. Check the fees and the amount, or pay with another card, and try again.',
    unconfirmed: 'We could not confirm the payment. Press Pay again to finish it: you will not be charged twice. The form stays as it was sent until then.',
    receipt: 'Payment received',
    paid: (amount: string, when: string) => `${amount} paid on ${when}.`,
    reference: (ref: string) => `Receipt number: ${ref}`,
    applied: 'What it paid',
    balance: (amount: string) => `${amount} still owed for this child.`,
    credit: (amount: string) => `${amount} is held as credit for your family.`,
    another: 'Make another payment',
    loadFailed: 'The fees could not be shown.',
  },
  es: {
    title: (child: string) => `Pagar las cuotas de ${child}`,
    nothingDue: (child: string) => `Por ahora no se debe nada por ${child}.`,
    fees: 'Cuotas que va a pagar',
    detail: (category: string, date: string) => `${category}, vence el ${date}`,
    owes: (amount: string) => `se deben ${amount}`,
    exempt: 'exenta: no se debe nada',
    amount: 'Monto en dólares',
    amountHint: (most: string) => `Como máximo ${most} por las cuotas elegidas. Un monto menor paga primero la cuota más antigua.`,
    pay: (amount: string) => `Pagar ${amount}`,
    payNothing: 'Pagar',
    paying: 'Pagando…',
    chooseFee: 'Elija al menos una cuota para pagar.',
    badAmount: (most: string) => `Escriba un monto en dólares y centavos, mayor que $0.00 y no mayor que ${most}.`,
    badInput: 'El pago no fue aceptado y no se cobró nada. Revise las cuotas y el monto, o pague con otra tarjeta, y vuelva a intentarlo.',
    unconfirmed: 'No pudimos confirmar el pago. Presione Pagar otra vez para terminarlo: no se le cobrará dos veces. Hasta entonces, el formulario queda como se envió.',
    receipt: 'Pago recibido',
    paid: (amount: string, when: string) => `Se pagaron ${amount} el ${when}.`,
    reference: (ref: string) => `Número de recibo: ${ref}`,
    applied: 'Lo que se pagó',
    balance: (amount: string) => `Todavía se deben ${amount} por este niño(a).`,
    credit: (amount: string) => `${amount} quedan como crédito para su familia.`,
    another: 'Hacer otro pago',
    loadFailed: 'No se pudieron mostrar las cuotas.',
  },
  vi: {
    title: (child: string) => `Đóng các khoản phí của ${child}`,
    nothingDue: (child: string) => `Hiện không có khoản nào phải đóng cho ${child}.`,
    fees: 'Các khoản phí muốn đóng',
    detail: (category: string, date: string) => `${category}, hạn ${date}`,
    owes: (amount: string) => `còn nợ ${amount}`,
    exempt: 'được miễn: không phải đóng',
    amount: 'Số tiền (đô la)',
    amountHint: (most: string) => `Tối đa ${most} cho các khoản đã chọn. Số tiền nhỏ hơn sẽ trả khoản cũ nhất trước.`,
    pay: (amount: string) => `Đóng ${amount}`,
    payNothing: 'Đóng tiền',
    paying: 'Đang đóng tiền…',
    chooseFee: 'Hãy chọn ít nhất một khoản phí để đóng.',
    badAmount: (most: string) => `Hãy nhập số tiền bằng đô la và xu, lớn hơn $0.00 và không quá ${most}.`,
    badInput: 'Khoản thanh toán không được chấp nhận và không bị trừ tiền. Hãy kiểm tra các khoản phí và số tiền, hoặc dùng thẻ khác, rồi thử lại.',
    unconfirmed: 'Chúng tôi chưa xác nhận được khoản thanh toán. Hãy bấm Đóng tiền lần nữa để hoàn tất: quý vị sẽ không bị trừ tiền hai lần. Trước đó, biểu mẫu được giữ nguyên như đã gửi.',
    receipt: 'Đã nhận thanh toán',
    paid: (amount: string, when: string) => `Đã đóng ${amount} lúc ${when}.`,
    reference: (ref: string) => `Số biên nhận: ${ref}`,
    applied: 'Đã trả cho',
    balance: (amount: string) => `Còn nợ ${amount} cho học sinh này.`,
    credit: (amount: string) => `${amount} được giữ làm số dư cho gia đình quý vị.`,
    another: 'Thực hiện thanh toán khác',
    loadFailed: 'Không hiển thị được các khoản phí.',
  },
  so: {
    title: (child: string) => `Bixi lacagaha ${child}`,
    nothingDue: (child: string) => `Hadda waxba laguma leh ${child}.`,
    fees: 'Lacagaha aad bixinayso',
    detail: (category: string, date: string) => `${category}, waqtigu waa ${date}`,
    owes: (amount: string) => `${amount} ayaa lagu leeyahay`,
    exempt: 'laga dhaafay: waxba laguma leh',
    amount: 'Lacagta oo doolar ah',
    amountHint: (most: string) => `Ugu badnaan ${most} lacagaha la doortay. Lacag ka yar waxay marka hore bixisaa tan ugu da’da weyn.`,
    pay: (amount: string) => `Bixi ${amount}`,
    payNothing: 'Bixi',
    paying: 'Waa la bixinayaa…',
    chooseFee: 'Dooro ugu yaraan hal lacag oo aad bixiso.',
    badAmount: (most: string) => `Geli lacag doolar iyo senti ah, ka badan $0.00 oo aan ka badnayn ${most}.`,
    badInput: 'Lacag-bixinta lama aqbalin, waxbana lagaa ma jarin. Hubi lacagaha iyo qadarka, ama ku bixi kaar kale, oo isku day mar kale.',
    unconfirmed: 'Ma xaqiijin karin lacag-bixinta. Mar kale riix Bixi si aad u dhammaystirto: laba jeer lagaa ma jarayo. Ilaa markaas foomku wuxuu ahaanayaa sidii loo diray.',
    receipt: 'Lacagta waa la helay',
    paid: (amount: string, when: string) => `${amount} ayaa la bixiyay ${when}.`,
    reference: (ref: string) => `Lambarka rasiidka: ${ref}`,
    applied: 'Waxa ay bixisay',
    balance: (amount: string) => `${amount} ayaa weli lagu leeyahay ilmahan.`,
    credit: (amount: string) => `${amount} ayaa qoyskaaga loogu hayaa deyn ahaan.`,
    another: 'Samee lacag-bixin kale',
    loadFailed: 'Lacagaha lama muujin karin.',
  },
  ar: {
    title: (child: string) => `دفع رسوم ${child}`,
    nothingDue: (child: string) => `لا يوجد مبلغ مستحق عن ${child} الآن.`,
    fees: 'الرسوم التي ستدفعها',
    detail: (category: string, date: string) => `${category}، تستحق في ${date}`,
    owes: (amount: string) => `المستحق ${amount}`,
    exempt: 'مُعفاة: لا يوجد مستحق',
    amount: 'المبلغ بالدولار',
    amountHint: (most: string) => `بحد أقصى ${most} للرسوم المختارة. المبلغ الأصغر يسدّد الرسوم الأقدم أولًا.`,
    pay: (amount: string) => `ادفع ${amount}`,
    payNothing: 'ادفع',
    paying: 'جارٍ الدفع…',
    chooseFee: 'اختر رسمًا واحدًا على الأقل لدفعه.',
    badAmount: (most: string) => `أدخل مبلغًا بالدولار والسنت، أكبر من ‎$0.00 ولا يزيد على ${most}.`,
    badInput: 'لم تُقبل الدفعة ولم يُخصم أي مبلغ. تحقّق من الرسوم والمبلغ، أو ادفع ببطاقة أخرى، ثم حاول مرة أخرى.',
    unconfirmed: 'لم نتمكن من تأكيد الدفعة. اضغط «ادفع» مرة أخرى لإتمامها: لن يُخصم المبلغ مرتين. يبقى النموذج كما أُرسل حتى ذلك الحين.',
    receipt: 'تم استلام الدفعة',
    paid: (amount: string, when: string) => `تم دفع ${amount} في ${when}.`,
    reference: (ref: string) => `رقم الإيصال: ${ref}`,
    applied: 'ما سدّدته الدفعة',
    balance: (amount: string) => `لا يزال ${amount} مستحقًا عن هذا الطفل.`,
    credit: (amount: string) => `يُحتفظ بمبلغ ${amount} رصيدًا لعائلتك.`,
    another: 'إجراء دفعة أخرى',
    loadFailed: 'تعذّر عرض الرسوم.',
  },
})

type Receipt = NonNullable<PayFeesMutation['payFees']>

/** Dollars as typed (`12`, `12.5`, `12,50`, `$12.50`) to whole cents, without floating point; undefined when it is not an amount. */
export function centsOf(typed: string): number | undefined {
  const match = /^\s*\$?\s*(\d{1,7})(?:[.,](\d{1,2}))?\s*$/.exec(typed)
  if (!match) return undefined
  const [, dollars = '0', cents = ''] = match
  return Number(dollars) * 100 + Number(cents.padEnd(2, '0'))
}

/** Cents as a family types them back (no currency sign, a point for the cents), for the amount field. */
const typedOf = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`

export function PayView({ child }: { child: DashboardChild }) {
  const t = useMessages(words)
  // Each form opened is one payment: a new key for it, and a new form after a receipt.
  const [form, setForm] = useState(0)
  const [receipt, setReceipt] = useState<Receipt>()
  return (
    <ActView title={t.title(child.firstName)} childId={child.id}>
      {receipt ? (
        <ReceiptView
          receipt={receipt}
          onAnother={() => {
            setReceipt(undefined)
            setForm((n) => n + 1)
          }}
        />
      ) : (
        <PayForm key={form} child={child} onPaid={setReceipt} />
      )}
    </ActView>
  )
}

function PayForm({ child, onPaid }: { child: DashboardChild; onPaid: (receipt: Receipt) => void }) {
  const t = useMessages(words)
  const language = useLanguage()
  const sentence = useErrorSentence()
  const refreshDashboard = useRefreshDashboard()
  const [fees] = useQuery({ query: ChildFeesDocument, variables: { studentId: child.id }, requestPolicy: 'network-only' })
  const [, payFees] = useMutation(PayFeesDocument)
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID())
  const [chosen, setChosen] = useState<ReadonlySet<string>>()
  const [typedAmount, setTypedAmount] = useState<string>()
  const [submitting, setSubmitting] = useState(false)
  // The button's disabled state comes a render late; this stops a second submit in the same tick.
  const inFlight = useRef(false)
  const [held, setHeld] = useState(false)
  const [problem, setProblem] = useState<string>()

  const payable = useMemo(() => (fees.data?.student?.finance?.openFees ?? []).filter((f) => f.dueCents > 0 && !f.exempt), [fees.data])
  const waived = (fees.data?.student?.finance?.openFees ?? []).filter((f) => f.exempt)
  // Every fee owing is chosen until the family unticks one.
  const selected = chosen ?? new Set(payable.map((f) => f.id))
  const most = payable.filter((f) => selected.has(f.id)).reduce((sum, f) => sum + f.dueCents, 0)
  const amountText = typedAmount ?? typedOf(most)
  const amountCents = centsOf(amountText)

  const submit = async (event: Event) => {
    event.preventDefault()
    if (inFlight.current) return
    const feeIds = payable.filter((f) => selected.has(f.id)).map((f) => f.id)
    if (feeIds.length === 0) {
      setProblem(t.chooseFee)
      return
    }
    if (amountCents === undefined || amountCents < 1 || amountCents > most) {
      setProblem(t.badAmount(formatCents(most, language)))
      return
    }
    inFlight.current = true
    setSubmitting(true)
    setProblem(undefined)
    try {
      // No paymentToken: the development provider pays without one (`tok_dev_ok`); a district's
      // provider would give one from its hosted card fields, which this page does not have yet.
      const result = await payFees({ input: { studentId: child.id, feeIds, amountCents, idempotencyKey } }, { requestPolicy: 'network-only' })
      const paid = result.data?.payFees
      if (paid && !result.error) {
        void refreshDashboard()
        onPaid(paid)
        return
      }
      const kind = errorKind(result.error) ?? 'failed'
      if (kind === 'badInput') {
        // A refusal is final and moved no money: the next try is a new payment, with a new key.
        setHeld(false)
        setIdempotencyKey(crypto.randomUUID())
        setProblem(t.badInput)
      } else if (kind === 'forbidden' || kind === 'signedOut') {
        setProblem(sentence(kind, t.badInput))
      } else {
        // The money may have moved: the same request, under the same key, finishes it once.
        setHeld(true)
        setProblem(t.unconfirmed)
      }
    } finally {
      inFlight.current = false
      setSubmitting(false)
    }
  }

  if (fees.fetching && !fees.data) return <Loading />
  const loadProblem = errorKind(fees.error)
  if (!fees.data?.student?.finance?.openFees) return <ErrorMessage message={sentence(loadProblem ?? 'failed', t.loadFailed)} />
  if (payable.length === 0) return <p>{t.nothingDue(child.firstName)}</p>
  const finance = fees.data.student.finance
  return (
    <form class="act-form" onSubmit={(e) => void submit(e)} noValidate>
      {finance.explanation && <p>{finance.explanation}</p>}
      {/* A disabled fieldset holds the request as it was sent (see the module's comment). */}
      <fieldset disabled={held || submitting} class="act-plain">
        <fieldset class="act-group">
          <legend>{t.fees}</legend>
          {payable.map((fee) => (
            <div class="act-check" key={fee.id}>
              <input
                id={`fee-${fee.id}`}
                type="checkbox"
                checked={selected.has(fee.id)}
                onChange={(e) => {
                  const next = new Set(selected)
                  if (e.currentTarget.checked) next.add(fee.id)
                  else next.delete(fee.id)
                  setChosen(next)
                  // The amount follows the choice until the family types their own.
                  if (typedAmount !== undefined && centsOf(typedAmount) === most) setTypedAmount(undefined)
                }}
              />
              <label for={`fee-${fee.id}`}>
                <bdi class="act-fee-name">{fee.description}</bdi> <span class="act-hint">({t.detail(fee.categoryLabel, formatDate(fee.dueDate, language, { month: 'long', day: 'numeric', year: 'numeric' }))})</span>{' '}
                <strong>{t.owes(formatCents(fee.dueCents, language))}</strong>
              </label>
            </div>
          ))}
          {waived.map((fee) => (
            <p key={fee.id} class="act-hint">
              {fee.description}: {t.exempt}
            </p>
          ))}
        </fieldset>
        <div class="act-field">
          <label for="pay-amount">{t.amount}</label>
          <input
            id="pay-amount"
            type="text"
            inputMode="decimal"
            autoComplete="off"
            value={amountText}
            aria-describedby="pay-amount-hint"
            aria-invalid={amountCents === undefined || amountCents < 1 || amountCents > most ? 'true' : 'false'}
            onInput={(e) => setTypedAmount(e.currentTarget.value)}
          />
          <p id="pay-amount-hint" class="act-hint">
            {t.amountHint(formatCents(most, language))}
          </p>
        </div>
      </fieldset>
      <ErrorMessage message={problem} />
      <button type="submit" disabled={submitting}>
        {submitting ? t.paying : amountCents !== undefined && amountCents > 0 ? t.pay(formatCents(amountCents, language)) : t.payNothing}
      </button>
    </form>
  )
}

function ReceiptView({ receipt, onAnother }: { receipt: Receipt; onAnother: () => void }) {
  const t = useMessages(words)
  const language: Language = useLanguage()
  const { payment } = receipt
  return (
    <Confirmation focusKey={payment.id}>
      <h2>{t.receipt}</h2>
      <p>{t.paid(formatCents(payment.amountCents, language), formatInstant(payment.receivedAt, language))}</p>
      {payment.reference && <p>{t.reference(payment.reference)}</p>}
      <h3>{t.applied}</h3>
      <ul>
        {payment.allocations.map((a) => (
          <li key={a.fee.id}>
            {a.fee.description}: {formatCents(a.amountCents, language)}
          </li>
        ))}
      </ul>
      <p>
        <strong>{t.balance(formatCents(receipt.balanceDueCents, language))}</strong>
      </p>
      {receipt.surplusCents > 0 && <p>{t.credit(formatCents(receipt.surplusCents, language))}</p>}
      <button type="button" onClick={onAnother}>
        {t.another}
      </button>
    </Confirmation>
  )
}
