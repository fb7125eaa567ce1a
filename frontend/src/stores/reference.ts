import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api, type List, type Station, type Team, type User, type Venue } from '@/api'

const ALL = { per_page: 1000 }

/** Users, venues, teams and stations: small lists the calendar and forms pick from. */
export const useReferenceStore = defineStore('reference', () => {
  const users = ref<User[]>([])
  const venues = ref<Venue[]>([])
  const teams = ref<Team[]>([])
  const stations = ref<Station[]>([])
  const loaded = ref(false)
  let loading: Promise<void> | null = null

  const userById = computed(() => new Map(users.value.map((u) => [u.id, u])))
  const venueById = computed(() => new Map(venues.value.map((v) => [v.id, v])))
  const teamById = computed(() => new Map(teams.value.map((t) => [t.id, t])))
  const stationById = computed(() => new Map(stations.value.map((s) => [s.id, s])))

  /** People who can organize or take part: active, not read-only viewers. */
  const staff = computed(() =>
    users.value.filter((u) => u.active && u.role !== 'viewer').sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
  )
  const activeVenues = computed(() => venues.value.filter((v) => v.active))
  const activeTeams = computed(() => teams.value.filter((t) => t.active))
  const activeStations = computed(() => stations.value.filter((s) => s.active))

  async function settle<T>(p: Promise<List<T>>): Promise<T[]> {
    try {
      return (await p).items
    } catch {
      // A role that may not list a resource still gets a working calendar.
      return []
    }
  }

  async function doLoad(): Promise<void> {
    const [u, v, t, s] = await Promise.all([
      settle(api.users.list(ALL)),
      settle(api.venues.list(ALL)),
      settle(api.teams.list(ALL)),
      settle(api.stations.list(ALL)),
    ])
    users.value = u
    venues.value = v
    teams.value = t
    stations.value = s
    loaded.value = true
  }

  /** load fetches the lists once; reload forces a fresh copy. */
  function load(force = false): Promise<void> {
    if (loaded.value && !force) return Promise.resolve()
    loading ??= doLoad().finally(() => {
      loading = null
    })
    return loading
  }

  function userName(id: number | null | undefined): string {
    if (id == null) return ''
    return userById.value.get(id)?.name ?? `#${id}`
  }
  function venueName(id: number | null | undefined): string {
    if (id == null) return ''
    return venueById.value.get(id)?.name ?? `#${id}`
  }
  function teamName(id: number): string {
    return teamById.value.get(id)?.name ?? `#${id}`
  }
  function stationName(id: number | null | undefined): string {
    if (id == null) return ''
    return stationById.value.get(id)?.name ?? `#${id}`
  }

  return {
    users,
    venues,
    teams,
    stations,
    loaded,
    staff,
    activeVenues,
    activeTeams,
    activeStations,
    userById,
    load,
    userName,
    venueName,
    teamName,
    stationName,
  }
})
