import { onBeforeUnmount, ref } from 'vue'

/** useNarrow follows whether the screen is phone-sized (under `px` CSS pixels wide). */
export function useNarrow(px = 768) {
  const query = window.matchMedia(`(max-width: ${px - 0.02}px)`)
  const narrow = ref(query.matches)
  const update = (e: MediaQueryListEvent) => {
    narrow.value = e.matches
  }
  query.addEventListener('change', update)
  onBeforeUnmount(() => query.removeEventListener('change', update))
  return narrow
}
