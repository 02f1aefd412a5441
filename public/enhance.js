// What JavaScript adds to the citizen pages, and nothing else: those pages are served as HTML
// without React or Remix (app/root.tsx), work without any script, and load this one module.
// Each part finds its markup by `data-module` and reads its texts from data attributes the
// server rendered in the page's language, so this file holds no words of its own.

const SHIFT_WINDOW_MS = 5000
const ANNOUNCE_AFTER_MS = 1000

/** "Lämna sidan snabbt": the link, and three presses of Shift within five seconds, counted down out loud. */
function exitThisPage(root) {
  const link = root.querySelector('a')
  const status = root.querySelector('[role="status"]')
  const path = root.dataset.exitPath
  if (!link || !status || !path) return
  const shiftsNeeded = Object.keys(root.dataset).filter((key) => /^shift\d+$/.test(key)).length + 1
  let presses = 0
  let timer

  const leave = () => {
    const overlay = document.createElement('div')
    overlay.className = 'exit-this-page__overlay'
    overlay.setAttribute('role', 'alert')
    overlay.textContent = root.dataset.loadingText ?? ''
    root.append(overlay)
    root.dataset.leaving = 'true'
    // Replace, not assign: Back must not bring this page back.
    window.location.replace(path)
  }
  const reset = () => {
    presses = 0
    status.textContent = ''
  }

  link.addEventListener('click', (event) => {
    event.preventDefault()
    leave()
  })
  document.addEventListener(
    'keyup',
    (event) => {
      if (event.key !== 'Shift') {
        reset()
        return
      }
      presses += 1
      clearTimeout(timer)
      timer = setTimeout(reset, SHIFT_WINDOW_MS)
      if (presses >= shiftsNeeded) {
        status.textContent = ''
        leave()
        return
      }
      status.textContent = root.dataset[`shift${shiftsNeeded - presses}`] ?? ''
    },
    true,
  )
  // Back after leaving shows this page from the browser's cache: take the overlay away again.
  window.addEventListener('pageshow', () => {
    root.querySelector('.exit-this-page__overlay')?.remove()
    delete root.dataset.leaving
    reset()
  })
}

/** The error summary takes the focus, so a screen reader reads it first; its links go to the field, with its question in view. */
function errorSummary(root) {
  root.focus()
  root.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a[href^="#"]') : null
    if (!link) return
    const target = document.getElementById(decodeURIComponent(link.getAttribute('href').slice(1)))
    if (!target) return
    event.preventDefault()
    const legend = target.closest('fieldset')?.querySelector('legend')
    ;(legend ?? target).scrollIntoView()
    target.focus({ preventScroll: true })
  })
}

/**
 * GOV.UK's character count: the message under the field says how many characters are left (or
 * too many) as the person types; a screen reader hears it once typing pauses, not per key.
 */
function characterCount(root) {
  const textarea = root.querySelector('textarea')
  const info = root.querySelector('.character-count__message')
  const max = Number(root.dataset.maxlength)
  if (!textarea || !info || !max) return
  const language = document.documentElement.lang || 'sv'
  const plurals = new Intl.PluralRules(language)
  const numbers = new Intl.NumberFormat(language)
  const templates = { remaining: JSON.parse(root.dataset.remaining ?? '{}'), over: JSON.parse(root.dataset.over ?? '{}') }
  // As GOV.UK does: the limit stays the field's description for screen readers; the count
  // people see changes at every key, so it is hidden from them and said once typing pauses.
  info.classList.add('visually-hidden')
  const message = document.createElement('div')
  message.className = 'hint character-count__message'
  message.setAttribute('aria-hidden', 'true')
  const announcer = document.createElement('div')
  announcer.className = 'visually-hidden'
  announcer.setAttribute('aria-live', 'polite')
  info.after(message, announcer)
  let timer

  const show = () => {
    const left = max - textarea.value.length
    const kind = left < 0 ? 'over' : 'remaining'
    const count = Math.abs(left)
    const template = templates[kind][plurals.select(count)] ?? templates[kind].other ?? ''
    message.textContent = template.replace('%n', numbers.format(count))
    message.classList.toggle('character-count__message--over', left < 0)
    return message.textContent
  }
  textarea.addEventListener('input', () => {
    const words = show()
    clearTimeout(timer)
    timer = setTimeout(() => {
      announcer.textContent = words
    }, ANNOUNCE_AFTER_MS)
  })
  show()
}

const MODULES = { 'exit-this-page': exitThisPage, 'error-summary': errorSummary, 'character-count': characterCount }

for (const element of document.querySelectorAll('[data-module]')) {
  const start = MODULES[element.dataset.module]
  if (start) start(element)
}
// Tests wait for this before they press keys.
document.documentElement.dataset.enhanced = 'true'
