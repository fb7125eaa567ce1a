/**
 * latestOnly hands out tickets for requests so that only the newest one lands: an answer that
 * arrives after a newer request was started is dropped, and so is its error and the end of its
 * loading state.
 *
 *   const latest = latestOnly()
 *   const current = latest()      // at the start of a load
 *   ...await...
 *   if (current()) rows.value = r // only if no newer load has started since
 */
export function latestOnly(): () => () => boolean {
  let seq = 0
  return () => {
    const mine = ++seq
    return () => mine === seq
  }
}
