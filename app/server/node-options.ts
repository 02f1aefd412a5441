/**
 * Options of node that every process of the service runs with (docs/decisions/0022, 0023):
 * V8's collector is chosen before any code runs, so they are written where a process is started
 * (package.json's start scripts, the Dockerfile, compose.yaml, the tests' app server). A unit
 * test holds those places to this list, and the web warns at start when one is missing. Not
 * named `NODE_OPTIONS`: node does not take V8's collector options from that environment variable.
 */
export const SERVICE_NODE_OPTIONS: readonly string[] = [
  // The collector works on the main thread alone: its marking never takes the CPUs that
  // requests, PostgreSQL and the worker share (a 2-CPU machine).
  '--single-threaded-gc',
  // `gc()` for the web's collection while no request comes (idle-collection.server.ts, decision 0023).
  '--expose-gc',
]

/** The options of SERVICE_NODE_OPTIONS this process was started without. */
export function missingNodeOptions(execArgv: readonly string[] = process.execArgv): string[] {
  return SERVICE_NODE_OPTIONS.filter((option) => !execArgv.includes(option))
}
