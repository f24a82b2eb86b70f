/**
 * How large a demo district the seed makes: 1,000 students unless asked, never fewer than 100.
 * Below 100 a named family's child has too few classmates in its grade for the stories told about
 * it (the behaviour seed's incidents with classmates), and the seed would fail half-way. Kept
 * apart from the seed (which loads faker) so commands can check a size before loading it.
 */
export const DEFAULT_STUDENTS = 1000
export const MIN_STUDENTS = 100

/** The students a command's `--students` asks for (DEFAULT_STUDENTS when not given), or an error that says what it takes. */
export function studentsOption(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_STUDENTS
  const students = Number(raw)
  if (!Number.isInteger(students) || students < MIN_STUDENTS) throw new Error(`--students must be a whole number of at least ${MIN_STUDENTS}, not "${raw}".`)
  return students
}
