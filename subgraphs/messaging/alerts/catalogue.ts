/**
 * What an alert says, in each of the district's languages, as ICU MessageFormat (intl-messageformat):
 * the words are data, the child's name, dates and money are arguments formatted in the family's
 * locale, never concatenated. English is the district's own text; the other catalogues await the
 * district's review (README).
 */
import { IntlMessageFormat } from 'intl-messageformat'

export const ALERT_LANGUAGES = ['en', 'es', 'vi', 'so', 'ar'] as const
export type AlertLanguage = (typeof ALERT_LANGUAGES)[number]

export type AlertMessage =
  | 'missingWork'
  | 'gradeBelow'
  | 'unexcusedAbsence'
  | 'noticeExcused'
  | 'noticeUnexcused'
  | 'behaviourIncident'
  | 'lowMealBalance'
  | 'paymentReceipt'
  | 'newMessage'

type Catalogue = Record<AlertMessage, { title: string; body: string }>

const en: Catalogue = {
  missingWork: {
    title: '{child}: missing work in {course}',
    body: '{child} has not turned in "{assignment}" in {course}, due {due, date, medium}. Ask the teacher if it can still be turned in.',
  },
  gradeBelow: {
    title: '{child}: {course} grade is {percent, number, ::percent}',
    body: "{child}'s grade in {course} is now {percent, number, ::percent}{letter, select, none {} other { ({letter})}}, below the {threshold, number, ::percent} you chose to be told about.",
  },
  unexcusedAbsence: {
    title: '{child} was absent on {date, date, medium}',
    body: '{child} was marked absent without an excuse on {date, date, long}. If {child} was ill or had an appointment, report the absence in the portal.',
  },
  noticeExcused: {
    title: "{child}'s absence on {date, date, medium} is excused",
    body: "The school excused {child}'s absence on {date, date, long} after your notice.",
  },
  noticeUnexcused: {
    title: "{child}'s absence on {date, date, medium} was not excused",
    body: "The school reviewed your notice for {child}'s absence on {date, date, long} and did not excuse it. Contact the school office with questions.",
  },
  behaviourIncident: {
    title: '{child}: a behaviour report on {date, date, medium}',
    body: 'The school recorded an incident involving {child} on {date, date, long} ({category}). The details are in the portal.',
  },
  lowMealBalance: {
    title: "{child}'s meal balance is low",
    body: "{child}'s meal account has {balance, number, ::currency/USD} left, under {threshold, number, ::currency/USD}. You can add money in the portal.",
  },
  paymentReceipt: {
    title: 'Receipt: {amount, number, ::currency/USD} for {child}',
    body: 'We received your payment of {amount, number, ::currency/USD} for {child} on {paid, date, long}. {lines}',
  },
  newMessage: {
    title: '{sender} wrote about {child}',
    body: '{sender} sent you a message about {child}: "{subject}". Read and reply in the portal.',
  },
}

const es: Catalogue = {
  missingWork: {
    title: '{child}: tarea pendiente en {course}',
    body: '{child} no ha entregado "{assignment}" en {course}, con fecha de entrega {due, date, medium}. Pregunte al maestro si todavía puede entregarla.',
  },
  gradeBelow: {
    title: '{child}: la calificación de {course} es {percent, number, ::percent}',
    body: 'La calificación de {child} en {course} es ahora {percent, number, ::percent}{letter, select, none {} other { ({letter})}}, por debajo del {threshold, number, ::percent} sobre el que pidió recibir avisos.',
  },
  unexcusedAbsence: {
    title: '{child} faltó el {date, date, medium}',
    body: '{child} tuvo una falta sin justificar el {date, date, long}. Si {child} estuvo enfermo o tuvo una cita, informe la ausencia en el portal.',
  },
  noticeExcused: {
    title: 'La ausencia de {child} del {date, date, medium} está justificada',
    body: 'La escuela justificó la ausencia de {child} del {date, date, long} después de su aviso.',
  },
  noticeUnexcused: {
    title: 'La ausencia de {child} del {date, date, medium} no fue justificada',
    body: 'La escuela revisó su aviso sobre la ausencia de {child} del {date, date, long} y no la justificó. Comuníquese con la oficina de la escuela si tiene preguntas.',
  },
  behaviourIncident: {
    title: '{child}: un informe de conducta del {date, date, medium}',
    body: 'La escuela registró un incidente en el que participó {child} el {date, date, long} ({category}). Los detalles están en el portal.',
  },
  lowMealBalance: {
    title: 'El saldo de comidas de {child} está bajo',
    body: 'A la cuenta de comidas de {child} le quedan {balance, number, ::currency/USD}, menos de {threshold, number, ::currency/USD}. Puede agregar dinero en el portal.',
  },
  paymentReceipt: {
    title: 'Recibo: {amount, number, ::currency/USD} para {child}',
    body: 'Recibimos su pago de {amount, number, ::currency/USD} para {child} el {paid, date, long}. {lines}',
  },
  newMessage: {
    title: '{sender} escribió sobre {child}',
    body: '{sender} le envió un mensaje sobre {child}: "{subject}". Léalo y responda en el portal.',
  },
}

const vi: Catalogue = {
  missingWork: {
    title: '{child}: thiếu bài tập môn {course}',
    body: '{child} chưa nộp "{assignment}" môn {course}, hạn nộp {due, date, medium}. Hãy hỏi giáo viên xem em còn nộp được không.',
  },
  gradeBelow: {
    title: '{child}: điểm môn {course} là {percent, number, ::percent}',
    body: 'Điểm môn {course} của {child} hiện là {percent, number, ::percent}{letter, select, none {} other { ({letter})}}, thấp hơn mức {threshold, number, ::percent} mà quý vị muốn được báo.',
  },
  unexcusedAbsence: {
    title: '{child} vắng mặt ngày {date, date, medium}',
    body: '{child} bị ghi vắng mặt không phép ngày {date, date, long}. Nếu {child} bị ốm hoặc có hẹn, xin báo vắng trên cổng thông tin.',
  },
  noticeExcused: {
    title: 'Buổi vắng của {child} ngày {date, date, medium} đã được chấp nhận',
    body: 'Nhà trường đã chấp nhận buổi vắng của {child} ngày {date, date, long} theo thông báo của quý vị.',
  },
  noticeUnexcused: {
    title: 'Buổi vắng của {child} ngày {date, date, medium} không được chấp nhận',
    body: 'Nhà trường đã xem thông báo của quý vị về buổi vắng của {child} ngày {date, date, long} và không chấp nhận. Xin liên hệ văn phòng nhà trường nếu có thắc mắc.',
  },
  behaviourIncident: {
    title: '{child}: báo cáo hành vi ngày {date, date, medium}',
    body: 'Nhà trường đã ghi nhận một sự việc có liên quan đến {child} ngày {date, date, long} ({category}). Chi tiết có trên cổng thông tin.',
  },
  lowMealBalance: {
    title: 'Số dư tiền ăn của {child} sắp hết',
    body: 'Tài khoản tiền ăn của {child} còn {balance, number, ::currency/USD}, dưới mức {threshold, number, ::currency/USD}. Quý vị có thể nạp thêm tiền trên cổng thông tin.',
  },
  paymentReceipt: {
    title: 'Biên nhận: {amount, number, ::currency/USD} cho {child}',
    body: 'Chúng tôi đã nhận khoản thanh toán {amount, number, ::currency/USD} của quý vị cho {child} vào ngày {paid, date, long}. {lines}',
  },
  newMessage: {
    title: '{sender} đã viết về {child}',
    body: '{sender} đã gửi cho quý vị một tin nhắn về {child}: "{subject}". Hãy đọc và trả lời trên cổng thông tin.',
  },
}

const so: Catalogue = {
  missingWork: {
    title: '{child}: shaqo maqan oo {course} ah',
    body: '{child} ma soo gudbin "{assignment}" ee {course}, oo waqtigeedu ahaa {due, date, medium}. Macallinka weydii haddii weli la soo gudbin karo.',
  },
  gradeBelow: {
    title: '{child}: dhibcaha {course} waa {percent, number, ::percent}',
    body: 'Dhibcaha {child} ee {course} hadda waa {percent, number, ::percent}{letter, select, none {} other { ({letter})}}, oo ka hooseeya {threshold, number, ::percent} ee aad dooratay in lagugu wargeliyo.',
  },
  unexcusedAbsence: {
    title: '{child} wuu maqnaa {date, date, medium}',
    body: '{child} waxaa loo qoray maqnaansho aan cudurdaar lahayn {date, date, long}. Haddii {child} uu jirran yahay ama ballan lahaa, ka soo sheeg maqnaanshaha bogga.',
  },
  noticeExcused: {
    title: 'Maqnaanshaha {child} ee {date, date, medium} waa la cudurdaaray',
    body: 'Dugsigu wuxuu cudurdaaray maqnaanshaha {child} ee {date, date, long} ka dib ogeysiiskaaga.',
  },
  noticeUnexcused: {
    title: 'Maqnaanshaha {child} ee {date, date, medium} lama cudurdaarin',
    body: 'Dugsigu wuxuu eegay ogeysiiskaaga ku saabsan maqnaanshaha {child} ee {date, date, long} mana cudurdaarin. La xiriir xafiiska dugsiga haddii aad su’aalo qabto.',
  },
  behaviourIncident: {
    title: '{child}: warbixin dhaqan {date, date, medium}',
    body: 'Dugsigu wuxuu diiwaangeliyay dhacdo uu ku lug lahaa {child} {date, date, long} ({category}). Faahfaahinta waxay ku jirtaa bogga.',
  },
  lowMealBalance: {
    title: 'Haraaga cuntada {child} waa yar yahay',
    body: 'Koontada cuntada {child} waxaa ku hadhay {balance, number, ::currency/USD}, oo ka yar {threshold, number, ::currency/USD}. Lacag ayaad ku dari kartaa bogga.',
  },
  paymentReceipt: {
    title: 'Rasiid: {amount, number, ::currency/USD} ee {child}',
    body: 'Waxaan helnay lacag-bixintaada {amount, number, ::currency/USD} ee {child} {paid, date, long}. {lines}',
  },
  newMessage: {
    title: '{sender} ayaa wax ka qoray {child}',
    body: '{sender} wuxuu kuu soo diray fariin ku saabsan {child}: "{subject}". Ka akhri oo ka jawaab bogga.',
  },
}

const ar: Catalogue = {
  missingWork: {
    title: '{child}: واجب ناقص في {course}',
    body: 'لم يسلّم {child} "{assignment}" في {course}، وكان موعد تسليمه {due, date, medium}. اسألوا المعلم إن كان لا يزال بالإمكان تسليمه.',
  },
  gradeBelow: {
    title: '{child}: درجة {course} هي {percent, number, ::percent}',
    body: 'أصبحت درجة {child} في {course} الآن {percent, number, ::percent}{letter, select, none {} other { ({letter})}}، وهي أقل من {threshold, number, ::percent} التي اخترتم أن يتم إعلامكم عندها.',
  },
  unexcusedAbsence: {
    title: 'تغيّب {child} يوم {date, date, medium}',
    body: 'سُجّل {child} غائبًا بدون عذر يوم {date, date, long}. إذا كان {child} مريضًا أو لديه موعد، يرجى الإبلاغ عن الغياب في البوابة.',
  },
  noticeExcused: {
    title: 'تم قبول عذر غياب {child} يوم {date, date, medium}',
    body: 'قبلت المدرسة عذر غياب {child} يوم {date, date, long} بعد إشعاركم.',
  },
  noticeUnexcused: {
    title: 'لم يُقبل عذر غياب {child} يوم {date, date, medium}',
    body: 'راجعت المدرسة إشعاركم بشأن غياب {child} يوم {date, date, long} ولم تقبل العذر. يرجى التواصل مع مكتب المدرسة إن كانت لديكم أسئلة.',
  },
  behaviourIncident: {
    title: '{child}: تقرير سلوكي بتاريخ {date, date, medium}',
    body: 'سجّلت المدرسة حادثة تتعلق بـ{child} يوم {date, date, long} ({category}). التفاصيل متوفرة في البوابة.',
  },
  lowMealBalance: {
    title: 'رصيد وجبات {child} منخفض',
    body: 'تبقّى في حساب وجبات {child} مبلغ {balance, number, ::currency/USD}، وهو أقل من {threshold, number, ::currency/USD}. يمكنكم إضافة المال في البوابة.',
  },
  paymentReceipt: {
    title: 'إيصال: {amount, number, ::currency/USD} لـ{child}',
    body: 'استلمنا دفعتكم البالغة {amount, number, ::currency/USD} لـ{child} بتاريخ {paid, date, long}. {lines}',
  },
  newMessage: {
    title: 'كتب {sender} بشأن {child}',
    body: 'أرسل إليكم {sender} رسالة بشأن {child}: "{subject}". اقرؤوها وردّوا عليها في البوابة.',
  },
}

export const CATALOGUES: Readonly<Record<AlertLanguage, Catalogue>> = { en, es, vi, so, ar }

export function alertLanguageOf(tag: string): AlertLanguage {
  const base = tag.toLowerCase().split('-')[0] ?? 'en'
  return (ALERT_LANGUAGES as readonly string[]).includes(base) ? (base as AlertLanguage) : 'en'
}

const compiled = new Map<string, IntlMessageFormat>()

function format(language: AlertLanguage, pattern: string, values: Record<string, string | number | Date>, timeZone: string): string {
  const key = `${language}\u0000${timeZone}\u0000${pattern}`
  let message = compiled.get(key)
  if (!message) {
    message = new IntlMessageFormat(pattern, language, { date: { medium: { timeZone }, long: { timeZone } } })
    compiled.set(key, message)
  }
  return String(message.format(values))
}

/** An alert's title and body in `language` (English where the district has no catalogue for it). */
export function renderAlert(
  message: AlertMessage,
  tag: string,
  values: Record<string, string | number | Date>,
  timeZone: string,
): { language: AlertLanguage; title: string; body: string } {
  const language = alertLanguageOf(tag)
  const { title, body } = CATALOGUES[language][message]
  return { language, title: format(language, title, values, timeZone), body: format(language, body, values, timeZone) }
}
