import { useId, type ReactNode } from 'react'

/**
 * Every data table on the staff pages. A table wider than the screen scrolls sideways in a region
 * that takes keyboard focus, so it can be read without a mouse (WCAG 2.1.1, axe:
 * scrollable-region-focusable); the region is named by the table's caption.
 */
export function Table({ caption, className, children }: { caption: string; className?: string; children: ReactNode }) {
  const captionId = useId()
  return (
    <div className="table-wrapper" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className={className ? `table ${className}` : 'table'}>
        <caption className="visually-hidden" id={captionId}>
          {caption}
        </caption>
        {children}
      </table>
    </div>
  )
}

/** A table under its own heading, with an optional introduction. */
export function TableSection({ id, title, intro, children }: { id: string; title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <>
      <h2 className="heading-m" id={id}>
        {title}
      </h2>
      {intro ? <p className="body">{intro}</p> : null}
      <Table caption={title}>{children}</Table>
    </>
  )
}
