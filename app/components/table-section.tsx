import type { ReactNode } from 'react'

/**
 * A table under its own heading. A table wider than the screen scrolls sideways in a region
 * that takes keyboard focus, so it can be read without a mouse (axe: scrollable-region-focusable).
 */
export function TableSection({ id, title, intro, children }: { id: string; title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <>
      <h2 className="heading-m" id={id}>
        {title}
      </h2>
      {intro ? <p className="body">{intro}</p> : null}
      <div className="table-wrapper" role="region" aria-labelledby={id} tabIndex={0}>
        <table className="table">
          <caption className="visually-hidden">{title}</caption>
          {children}
        </table>
      </div>
    </>
  )
}
