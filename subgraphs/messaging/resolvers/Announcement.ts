import type { AnnouncementResolvers, AnnouncementScope } from '../generated/resolvers.ts'

export const Announcement: AnnouncementResolvers = {
  scope: (a): AnnouncementScope => (a.sectionId === null ? 'SCHOOL' : 'SECTION'),
  // academics answers for the section; messaging hands on a reference.
  section: (a) => (a.sectionId === null ? null : { id: a.sectionId }),
}
