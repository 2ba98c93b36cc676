// The one entry of the widgets: what the MDX pages place between paragraphs and what the site's shell uses from the
// kit. Importing a name from here pulls in only that widget (the package marks only CSS as having side effects).
export * from './ui/index.ts'
export * from './explain/index.ts'
export * from './sim/index.ts'
export * from './sim/playground/index.ts'
export { CookieParserLab } from './CookieParserLab.tsx'
export { ExerciseProgressBadge } from './exercises/ProgressBadge.tsx'
export { EXERCISE_IDS, EXERCISES_PATH, exerciseHref } from './exercises/ids.ts'
export { ExercisesPage } from './exercises/ExercisesPage.tsx'
export { Exercise } from './exercises/Exercise.tsx'
export * from './har/index.ts'
export { EntropyLab, IdEntropyCalculator, FloodMemory } from './numbers/index.tsx'
export * from './compare/index.ts'
