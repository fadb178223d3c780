/** Hours in an average month, as AWS prices a month (8,760 / 12). */
export const HOURS_PER_MONTH = 730;

/** Hours in a week: a schedule's on-hours are counted per week. */
export const HOURS_PER_WEEK = 168;
