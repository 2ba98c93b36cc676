// The public entry of the simulator: a headless, deterministic world running the real library (src/connect).
export { createWorld, World, UnknownBrowserError, checkSettings, resolveConfig } from './world.ts'
export type { WorldConfig, WorldOptions, WorldSettings, TraceStats, HistoryStats, ReapSchedule } from './world.ts'
export { STACK_ORDERS } from './engine.ts'
export type { StackOrder, Settings, SendSpec, SessionView } from './engine.ts'
export type { ActionBody, LoggedAction, ForkStats } from './checkpoint.ts'
export { ACTION_KINDS, MAX_BURST, ActionError, CustomCodeRefused, playActions, liveAction, liveFingerprint } from './actions.ts'
export type { Action, ActionData, ActionKind, ActionSettings, FingerprintData, TimedAction, Compile, PlayHooks } from './actions.ts'
export { captureWorld, restoreRecording, customSources, worldOptions, CaptureError } from './recording.ts'
export type { Recording, ConfigData } from './recording.ts'
export { parseRecording, DataError, formatPath } from './action-schema.ts'
export { VirtualClock, DEFAULT_START_TIME } from './virtual-clock.ts'
export { SeededRandom, seededGenid } from './seeded-random.ts'
export type { RandomState } from './seeded-random.ts'
export { CookieJar, parseSetCookie, pathMatches, defaultPath } from './cookie-jar.ts'
export type { Cookie } from './cookie-jar.ts'
export { Browser } from './browser.ts'
export type { BrowserSpec, BrowserView } from './browser.ts'
export { SimRequest, SimResponse } from './http.ts'
export type { RequestInit } from './http.ts'
export { demoApp, demoErrorPage, DEMO_ROUTES, DEMO_PATHS, methodFor } from './demo-app.ts'
export { FaultyStore, StoreFaultError, NO_FAULTS } from './faulty-store.ts'
export type { Faults } from './faulty-store.ts'
export { FINGERPRINT_NAMES, strategyName } from './fingerprint-strategy.ts'
export type { FingerprintStrategy, CustomFingerprint } from './fingerprint-strategy.ts'
export {
  loadFingerprintSandbox,
  fingerprintInput,
  FingerprintError,
  FINGERPRINT_BUDGET_MS,
  FINGERPRINT_MEMORY_BYTES,
  MAX_FINGERPRINT_KEY_LENGTH,
  MAX_FINGERPRINT_SOURCE_LENGTH,
} from './custom-fingerprint.ts'
export type { FingerprintSandbox, CompileFingerprint, FingerprintInput } from './custom-fingerprint.ts'
export { DEFAULT_TRACE_CAP } from './trace-log.ts'
export type { TraceRecord, ExchangeRecord, PendingExchange, ReapRecord, StoreCallRecord, Step, SentRequest, ReceivedResponse } from './trace.ts'
export { STORE_METHODS, checkStoreCall, describeResult } from './store-call.ts'
export { STORE_CALLS_KEPT, shortKey } from './store-call-log.ts'
export type { StoreCalls, StoreCallLine, LoggedMethod } from './store-call-log.ts'
export type { StoreMethod, StoreCall, StoreCallResult } from './store-call.ts'
export { loadScenario, runScenario, scenarioOf, ScenarioError, SCENARIO_VERSION } from './scenario.ts'
export type { Scenario, ScenarioStep, Expectation, ScenarioRun, StepOutcome, ExpectationFailure } from './scenario.ts'
export { loadExercise, startExercise, readerActions, withoutLast, customInForce, GoalTracker, ExerciseError, EXERCISE_VERSION, MAX_HINTS } from './exercise.ts'
export type { Exercise, GoalItem, GoalStatus, ExerciseRun } from './exercise.ts'
export { harToRecording, readHar, checkHarSize, agentFamily, HarImportError, MAX_HAR_BYTES, MAX_HAR_ENTRIES, MAX_HAR_CLIENTS } from './har.ts'
export type { HarImport, HarClient, HarOptions, HarProblem } from './har.ts'
export { estimateGuessing, TODAY_ID_BITS, LEGACY_ID_BITS, LEGACY_STATE_BITS, LEGACY_ID_LENGTH, LEGACY_FULL_LENGTH_SHARE, LEGACY_CHUNKS, LEGACY_CHUNK_VALUES } from './id-entropy.ts'
export type { GuessEstimate } from './id-entropy.ts'
export { FloodRun, FLOOD_BOT, MAX_FLOOD_REQUESTS, ENTRY_OVERHEAD_BYTES, checkFloodOptions, estimateSessionBytes } from './flood.ts'
export type { FloodOptions, FloodPoint } from './flood.ts'
export { loadHarReader } from './har-loader.ts'
export { SIM_QUIRKS, UNSUPPORTED_SIM_QUIRKS, checkSimQuirks, simQuirkList } from './sim-quirks.ts'
export type { SimQuirks } from './sim-quirks.ts'
export { runQuirkDemo } from './quirk-demo.ts'
export type { QuirkDemoMode, QuirkDemoLine, QuirkDemoResult } from './quirk-demo.ts'
export { StoryTape, changesBetween, checkStoryTimes } from './story.ts'
export type { StoryStep, StoryChanges, CookieChange } from './story.ts'
export { VerdictTracker, verdictsOf, verdictLabel, reasonLabel, explainVerdict, VERDICT_KINDS } from './verdict.ts'
export type { Verdict, VerdictKind, NewReason } from './verdict.ts'
export { fingerprintParts, savedFingerprint, presentedFingerprint, concatenationAmbiguity } from './attack-lab.ts'
export type { FingerprintParts, Ambiguity } from './attack-lab.ts'
export {
  ComparisonRun,
  ComparisonError,
  runComparison,
  runColumns,
  mergeColumns,
  runComparisonSplit,
  answerColumns,
  checkComparison,
  comparisonSources,
  cellLabel,
  cellKind,
  fingerprintLabel,
  requestsOf,
  COLUMN_SETTINGS,
  NEW_REASONS,
  MIN_COLUMNS,
  MAX_COLUMNS,
  CHART_POINTS,
} from './compare.ts'
export type { ColumnData, ComparisonData, ComparisonResult, ColumnSummary, RowInfo, ColumnsPart, ColumnsRunner, ColumnsRequest, ColumnsReply } from './compare.ts'
export { packRecording, unpackRecording, type PackedRecording } from './packed-recording.ts'
export { mixedTraffic, crawlerFlood } from './traffic.ts'
export { parseComparison, comparisonFile, readBroughtFile, COMPARISON_VERSION } from './comparison-file.ts'
export type { BroughtFile } from './comparison-file.ts'
export { BALANCERS, STORE_MODES, MAX_SERVERS, DEFAULT_CLUSTER, DEFAULT_PROXY_ADDRESS, BALANCER_COOKIE, checkCluster, isSingleServer, describeCluster, serverName } from './cluster.ts'
export type { Balancer, StoreMode, ProxySettings, ClusterSettings, ClusterInput } from './cluster.ts'
