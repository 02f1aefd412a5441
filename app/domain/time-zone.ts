/**
 * Every municipality in scope keeps Swedish time; dates and hours are reckoned in it.
 * A module of its own so that pages can name it without bundling the holiday tables.
 */
export const STOCKHOLM = 'Europe/Stockholm'
