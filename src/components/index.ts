// The one entry of the widgets: what the MDX pages place between paragraphs and what the site's shell uses from the
// kit. Importing a name from here pulls in only that widget (the package marks only CSS as having side effects).
export * from './ui/index.ts'
export * from './explain/index.ts'
export * from './sim/index.ts'
export * from './sim/playground/index.ts'
export { CookieParserLab } from './CookieParserLab.tsx'
export * from './quirks/index.ts'
