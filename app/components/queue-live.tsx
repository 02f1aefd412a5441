import { useRevalidator } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { titleWithCount } from '~/domain/queue-filter'
import { StaffTime } from './staff-time'

/** The queue's event stream (app/routes/personal.ko.handelser.tsx). */
const EVENTS_PATH = '/personal/ko/handelser'
/** Without a stream (refused, or no feed in this process): read the queue this often while the tab is visible. */
const POLL_VISIBLE_MS = 4_000
/** ...and this often while it is hidden, so the title of a background tab still moves. */
const POLL_HIDDEN_MS = 30_000
/** Deadlines pass and minutes since receipt grow without any report changing: read again this often while visible. */
const CLOCK_MS = 60_000
/**
 * Live updates stop after this long without a key press or a click, so an unattended screen
 * does not keep its session alive past the 30-minute idle limit; the next touch resumes them.
 */
const IDLE_PAUSE_MS = 25 * 60_000

type Mode = 'static' | 'stream' | 'polling' | 'paused'

/**
 * Keeps an open queue current without a reload: it listens to the queue's event stream and
 * reads the queue again (the route's own loader) when it changes; without a stream it reads
 * again every few seconds while visible. A change is said in a polite live region and as a
 * notice, and the document title carries the number of immediate reports waiting. Without
 * JavaScript the page says when it was loaded.
 */
export function QueueLive({ loadedAt, rowIds, waitingImmediate }: { loadedAt: string; rowIds: readonly string[]; waitingImmediate: number }) {
  const { t } = useTranslation('staff')
  const revalidator = useRevalidator()
  const [mode, setMode] = useState<Mode>('static')
  const [notice, setNotice] = useState('')
  const revalidate = useRef(revalidator.revalidate)
  useEffect(() => {
    revalidate.current = revalidator.revalidate
  })
  /** Why the last read was asked for: a change event is always announced, a poll only when the list changed. */
  const live = useRef<'event' | 'poll' | null>(null)
  const previousIds = useRef(rowIds)
  const lastActivity = useRef(0)

  useEffect(() => {
    let source: EventSource | null = null
    let poll: ReturnType<typeof setTimeout> | null = null
    let clock: ReturnType<typeof setInterval> | null = null
    let paused = false
    const refresh = (reason: 'event' | 'poll' = 'poll') => {
      if (paused) return
      if (live.current !== 'event') live.current = reason
      revalidate.current()
    }
    const schedulePoll = () => {
      if (poll) clearTimeout(poll)
      poll = setTimeout(
        () => {
          refresh('poll')
          schedulePoll()
        },
        document.visibilityState === 'visible' ? POLL_VISIBLE_MS : POLL_HIDDEN_MS,
      )
    }
    const start = () => {
      paused = false
      clock = setInterval(() => document.visibilityState === 'visible' && refresh('poll'), CLOCK_MS)
      if (typeof EventSource === 'undefined') {
        setMode('polling')
        schedulePoll()
        return
      }
      source = new EventSource(EVENTS_PATH)
      setMode('stream')
      source.addEventListener('changed', () => refresh('event'))
      // Reconnecting after a dropped connection, changes may have been missed.
      source.addEventListener('ready', () => poll === null && setMode('stream'))
      source.addEventListener('error', () => {
        // CLOSED means refused (not signed in, or too many streams): no reconnecting then, so poll.
        if (source?.readyState === EventSource.CLOSED) {
          source = null
          setMode('polling')
          schedulePoll()
        }
      })
    }
    const stop = () => {
      source?.close()
      source = null
      if (poll) clearTimeout(poll)
      poll = null
      if (clock) clearInterval(clock)
      clock = null
    }
    const onActivity = () => {
      lastActivity.current = Date.now()
      if (paused) {
        start()
        refresh('poll')
      }
    }
    lastActivity.current = Date.now()
    const idleCheck = setInterval(() => {
      if (!paused && Date.now() - lastActivity.current > IDLE_PAUSE_MS) {
        stop()
        paused = true
        setMode('paused')
      }
    }, 30_000)
    const onVisible = () => {
      if (document.visibilityState === 'visible') refresh('poll')
    }
    start()
    window.addEventListener('keydown', onActivity)
    window.addEventListener('pointerdown', onActivity)
    document.addEventListener('visibilitychange', onVisible)
    return () => {
      stop()
      clearInterval(idleCheck)
      window.removeEventListener('keydown', onActivity)
      window.removeEventListener('pointerdown', onActivity)
      document.removeEventListener('visibilitychange', onVisible)
    }
  }, [])

  // After a read the live updates asked for, say what changed: new reports, or that the queue changed.
  const signature = rowIds.join(',')
  useEffect(() => {
    const before = new Set(previousIds.current)
    previousIds.current = rowIds
    const reason = live.current
    if (!reason || revalidator.state !== 'idle') return
    live.current = null
    const added = rowIds.filter((id) => !before.has(id)).length
    const reordered = before.size !== rowIds.length || [...before].some((id, index) => rowIds[index] !== id)
    if (added > 0) setNotice(t('queueView.live.newReports', { count: added }))
    else if (reason === 'event' || reordered) setNotice(t('queueView.live.changed'))
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the ids' signature stands for the ids
  }, [signature, revalidator.state, t])

  // The root renders the page's own title; this adds the count in front of it after every render.
  useEffect(() => {
    document.title = titleWithCount(document.title.replace(/^\(\d+\) /, ''), waitingImmediate)
  })

  return (
    <div className="queue-live">
      <p className="hint queue-live__loaded">
        {t(mode === 'stream' || mode === 'polling' ? 'queueView.live.updatedAt' : 'queueView.live.loadedAt')} <StaffTime value={loadedAt} />. {t(`queueView.live.mode.${mode}`)}
      </p>
      <div className={notice ? 'queue-live__notice notice' : 'queue-live__notice'} role="status" aria-live="polite">
        {notice}
      </div>
    </div>
  )
}
