/**
 * The act views: what a family does from the dashboard (write to a teacher, pay a fee, report an
 * absence, read alerts, choose how they are told). The shell renders them for the routes in
 * `routes.ts`; each renders its own heading and the link back to the dashboard.
 */
import './actions.css'

export { MessageView } from './message.tsx'
export { PayView } from './pay.tsx'
export { AbsenceView } from './absence.tsx'
export { AlertsView } from './alerts.tsx'
export { SettingsView } from './settings.tsx'
