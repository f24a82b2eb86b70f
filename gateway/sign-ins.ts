/**
 * Records a guardian's portal sign-in: the first request of each day, sent once per process
 * and day to academics (which ignores repeats), without the request waiting for it. A failed
 * write is logged and tried again on the guardian's next request.
 */
import { isoToday } from '../lib/contract/index.ts'
import { callAcademics, type AcademicsTarget } from './academics-client.ts'

const MUTATION = 'mutation RecordSignIn($contactId: ID!) { recordSignIn(contactId: $contactId) }'

export interface SignInRecorder {
  note(contactId: string, requestId: string): void
  /** Waits for the writes under way (tests, clean shutdown). */
  settle(): Promise<void>
}

export function createSignInRecorder(options: AcademicsTarget): SignInRecorder {
  let day = ''
  let seen = new Set<string>()
  const pending = new Set<Promise<void>>()

  async function send(contactId: string, requestId: string): Promise<void> {
    try {
      await callAcademics(options, { query: MUTATION, operationName: 'RecordSignIn', variables: { contactId }, requestId })
    } catch (error) {
      seen.delete(contactId)
      console.warn(`[gateway] portal sign-in not recorded: ${error instanceof Error ? error.message : String(error)}`)
    }
  }

  return {
    note(contactId, requestId) {
      const today = isoToday()
      if (today !== day) {
        day = today
        seen = new Set()
      }
      if (seen.has(contactId)) return
      seen.add(contactId)
      const write = send(contactId, requestId)
      pending.add(write)
      void write.finally(() => pending.delete(write))
    },
    settle: async () => {
      await Promise.all([...pending])
    },
  }
}
