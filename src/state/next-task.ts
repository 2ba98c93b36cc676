/**
 * Resolves in a new task, so that long work split at this point lets the browser paint and take input in between
 * (`scheduler.postTask` where the browser has it, which keeps the work ahead of background tasks; else a timer).
 */
export function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { postTask?: (cb: () => void, o?: { priority: string }) => Promise<void> } }).scheduler
  if (scheduler?.postTask !== undefined) return scheduler.postTask(() => {}, { priority: 'user-visible' })
  return new Promise((resolve) => setTimeout(resolve, 0))
}
