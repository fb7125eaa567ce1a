import { defineStore } from 'pinia'
import { ref } from 'vue'
import { api } from '@/api'

/** How many of my past planned activities wait to be recorded: the menu's badge. */
export const useToRecordStore = defineStore('toRecord', () => {
  const count = ref(0)
  let asked = 0

  async function refresh(): Promise<void> {
    const mine = ++asked
    try {
      const res = await api.activities.toRecord({ per_page: 1 })
      if (mine === asked) count.value = res.total
    } catch {
      // The badge stays as it was; the page itself says what went wrong.
    }
  }

  return { count, refresh }
})
