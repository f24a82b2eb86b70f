import { label } from '../catalogue.ts'
import { CLASSROOM_POSITION } from '../enums.ts'
import type { ScheduledClassResolvers, SectionTeacherResolvers } from '../generated/resolvers.ts'

export const ScheduledClass: ScheduledClassResolvers = {
  period: (c) => c.section.period,
  room: (c) => c.section.room,
  teachers: (c, _args, ctx) => ctx.loaders.sectionTeachers.load(c.section.id),
}

export const SectionTeacher: SectionTeacherResolvers = {
  position: (t) => CLASSROOM_POSITION[t.classroomPosition],
  positionLabel: label('ClassroomPosition', (t) => CLASSROOM_POSITION[t.classroomPosition]),
}
