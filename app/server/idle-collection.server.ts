import v8 from 'node:v8'

/**
 * Collects the web process's old garbage while no request comes (decision 0023).
 *
 * Why: at the first young collection after a quiet spell V8 measures a low allocation rate
 * and lowers its old-generation limit to just above what was live at its last full
 * collection (`Heap::RecomputeLimits`). The garbage a busy spell left behind is then far over
 * that limit, and V8 finishes a full collection at once, in one pause on the main thread:
 * 40-90 ms on a 280 MB heap, met by the first requests of the next burst (traced with
 * `--trace-incremental-marking`, tests/bench/README.md). Collected while nobody waits, the
 * garbage is gone before the burst, and the burst's own collections stay incremental.
 */

export interface IdleCollectionLimits {
  /** No request started for this long counts as quiet. */
  quietForMs: number
  /** Old-generation growth since the lowest level seen after the last collection worth collecting. */
  growthBytes: number
}

export const IDLE_COLLECTION_LIMITS: IdleCollectionLimits = {
  quietForMs: 2000,
  // Far less than V8's own margin for finishing a collection at once (at least 32 MB), and
  // enough that sparse traffic collects rarely: a request leaves some kilobytes behind.
  growthBytes: 16 * 2 ** 20,
}

export interface IdleState {
  quietMs: number
  oldBytes: number
  /** The old generation's lowest size since this process last collected (V8's own collections lower it too). */
  lowestOldBytes: number
}

/** Whether a quiet process has enough old garbage to collect now. */
export function idleCollectionDue(state: IdleState, limits: IdleCollectionLimits = IDLE_COLLECTION_LIMITS): boolean {
  return state.quietMs >= limits.quietForMs && state.oldBytes - state.lowestOldBytes >= limits.growthBytes
}

/** Bytes in the spaces a full collection sweeps and the young one does not. */
export function oldGenerationBytes(): number {
  let bytes = 0
  for (const space of v8.getHeapSpaceStatistics()) {
    if (space.space_name === 'old_space' || space.space_name === 'large_object_space') bytes += space.space_used_size
  }
  return bytes
}

export interface IdleCollection {
  /** Called for every request the process receives; costs one increment. */
  noteRequest(): void
  stop(): void
}

export interface IdleCollectionOptions {
  /** A full collection (`globalThis.gc`, there with `--expose-gc`). */
  collect: () => void
  onCollected?: (figures: { ms: number; beforeBytes: number; afterBytes: number }) => void
  checkEveryMs?: number
  limits?: IdleCollectionLimits
  measure?: () => number
}

export function startIdleCollection(options: IdleCollectionOptions): IdleCollection {
  const checkEveryMs = options.checkEveryMs ?? 500
  const measure = options.measure ?? oldGenerationBytes
  let requests = 0
  let requestsSeen = 0
  let quietMs = 0
  let lowestOldBytes = measure()
  const timer = setInterval(() => {
    const oldBytes = measure()
    lowestOldBytes = Math.min(lowestOldBytes, oldBytes)
    quietMs = requests === requestsSeen ? quietMs + checkEveryMs : 0
    requestsSeen = requests
    if (!idleCollectionDue({ quietMs, oldBytes, lowestOldBytes }, options.limits)) return
    const started = performance.now()
    options.collect()
    lowestOldBytes = measure()
    quietMs = 0
    options.onCollected?.({ ms: performance.now() - started, beforeBytes: oldBytes, afterBytes: lowestOldBytes })
  }, checkEveryMs)
  timer.unref()
  return {
    noteRequest: () => void requests++,
    stop: () => clearInterval(timer),
  }
}
