#!/usr/bin/env node
// Reads the Vitest and Playwright JSON reports and prints one line: "N passed, N failed[, N skipped]".
// Usage: node scripts/summarize.mjs --checks-passed N --checks-failed N
//          --vitest reports/vitest.json --vitest-rc N --playwright reports/playwright.json --playwright-rc N
// A runner whose report is missing or unreadable counts as 1 failed. A runner that exited non-zero while its
// report shows no failed test (a crash, an unhandled error, a file that failed to load) also counts as 1 failed.
import { readFileSync } from 'node:fs'

const args = {}
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1]

const totals = { passed: Number(args['checks-passed'] ?? 0), failed: Number(args['checks-failed'] ?? 0), skipped: 0 }

function readReport(path, name) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    console.error(`summarize: no usable ${name} report at ${path} (${error.code ?? error.message}); counting ${name} as 1 failed`)
    return null
  }
}

function vitestCounts(report) {
  const failedFiles = (report.testResults ?? []).filter((file) => file.status === 'failed').length
  return {
    passed: report.numPassedTests ?? 0,
    failed: report.numFailedTests ?? 0,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
    failedOutsideTests: report.success === false || failedFiles > 0,
  }
}

function playwrightCounts(report) {
  const stats = report.stats ?? {}
  return {
    passed: (stats.expected ?? 0) + (stats.flaky ?? 0),
    failed: stats.unexpected ?? 0,
    skipped: stats.skipped ?? 0,
    failedOutsideTests: (report.errors ?? []).length > 0,
  }
}

for (const [name, count] of [['vitest', vitestCounts], ['playwright', playwrightCounts]]) {
  const rc = Number(args[`${name}-rc`] ?? 0)
  const report = args[name] ? readReport(args[name], name) : null
  if (!report) {
    totals.failed += 1
    continue
  }
  const c = count(report)
  totals.passed += c.passed
  totals.failed += c.failed
  totals.skipped += c.skipped
  if (c.failed === 0 && (rc !== 0 || c.failedOutsideTests)) {
    console.error(`summarize: ${name} exited with ${rc} but no test failed; counting 1 failed for the run itself`)
    totals.failed += 1
  }
}

let line = `${totals.passed} passed, ${totals.failed} failed`
if (totals.skipped > 0) line += `, ${totals.skipped} skipped`
console.log(line)
