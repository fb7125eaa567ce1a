import { defineStore } from 'pinia'
import { ref } from 'vue'
import { api, type Settings, type SettingsPatch } from '@/api'

/**
 * The center's settings (GET /settings): its time zone and its name, which heads the app and
 * everything printed. Loaded once per session; an admin's change updates every page at once.
 */
export const useSettingsStore = defineStore('settings', () => {
  const settings = ref<Settings | null>(null)
  let loading: Promise<Settings | null> | null = null

  /** load fetches the settings once; without them (an old server, no network) it gives null. */
  function load(force = false): Promise<Settings | null> {
    if (settings.value && !force) return Promise.resolve(settings.value)
    loading ??= api.settings
      .get()
      .then((s) => {
        settings.value = { ...s, center_name: s.center_name ?? '' }
        return settings.value
      })
      .catch(() => null)
      .finally(() => {
        loading = null
      })
    return loading
  }

  /** save sets the center's name (admin); a failure is thrown for the form to show. */
  async function save(body: SettingsPatch): Promise<Settings> {
    const s = await api.settings.update(body)
    settings.value = { ...s, center_name: s.center_name ?? '' }
    return settings.value
  }

  return { settings, load, save }
})
