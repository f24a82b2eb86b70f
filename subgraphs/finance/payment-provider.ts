/**
 * The payment provider as finance uses it: authorize, capture and refund, each under the
 * provider's own idempotency key, and a look-up by that key. The graph never sees card data: the
 * family types it into the provider's hosted fields, which hand the client a single-use token,
 * and the token is all the graph passes on. A real provider (Stripe, Adyen, a district's payment
 * processor) is one more implementation of this interface; `createDevelopmentProvider` is the one
 * for development and tests.
 */
/** A charge as the provider holds it. */
export interface ProviderCharge {
  id: string
  status: 'authorized' | 'captured'
  amountCents: number
}

export interface ProviderRefund {
  id: string
  chargeId: string
  amountCents: number
}

export interface AuthorizeRequest {
  /** The hosted fields' token; the provider decides what a missing one means (a real one refuses it). */
  token: string | undefined
  amountCents: number
  /** What the family's statement shows. */
  description: string
  /** The same key on every retry: the provider then holds one charge whatever the number of calls. */
  idempotencyKey: string
}

export interface PaymentProvider {
  /** Holds the amount on the family's card or account. Throws PaymentRefused or ProviderUnreachable. */
  authorize(request: AuthorizeRequest): Promise<ProviderCharge>
  /** Takes the money held by an authorization; capturing a captured charge changes nothing. */
  capture(request: { chargeId: string; idempotencyKey: string }): Promise<ProviderCharge>
  /** Gives back part or all of a captured charge. */
  refund(request: { chargeId: string; amountCents: number; idempotencyKey: string }): Promise<ProviderRefund>
  /** The charge made under an idempotency key, if any: how a retry learns what a lost answer said. */
  findCharge(idempotencyKey: string): Promise<ProviderCharge | undefined>
}

/** The provider refused for good (a declined card, a token it did not issue): no money moved, and asking again will not change it. */
export class PaymentRefused extends Error {
  override name = 'PaymentRefused'
}

/** The provider did not answer, or its answer was lost: the money may or may not have moved, and only the provider knows. */
export class ProviderUnreachable extends Error {
  override name = 'ProviderUnreachable'
}

/**
 * The charge under `idempotencyKey`, made and captured once however often this runs: `held` is
 * what the provider already had under the key (a retry asks first), so a charge whose capture was
 * answered but whose answer was lost is never captured again.
 */
export async function captureOnce(provider: PaymentProvider, request: AuthorizeRequest, held: ProviderCharge | undefined): Promise<ProviderCharge> {
  const charge = held ?? (await provider.authorize(request))
  if (charge.amountCents !== request.amountCents) throw new Error(`The provider holds ${charge.amountCents} cents under this key, not ${request.amountCents}.`)
  return charge.status === 'captured' ? charge : provider.capture({ chargeId: charge.id, idempotencyKey: `${request.idempotencyKey}:capture` })
}
