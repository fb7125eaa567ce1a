// Helpers of the quota and administration browser tests: a small demo year made through the
// API, and a reader for the files the app downloads.
import { inflateRawSync } from 'node:zlib'

/** The year the tests fill: last year, so every activity can already be completed. */
export const YEAR = new Date().getFullYear() - 1

const at = (date, time) => `${date}T${time}:00+08:00`

/**
 * seedYear makes two staff members paired to one station, a team, and activities of YEAR:
 * lectures and a training series (some done), outreach days and a team rehearsal.
 * It returns what it made. api is logged in as an admin.
 */
export async function seedYear(api, stamp) {
  const pw = `pw-${stamp}-secret`
  const li = await api.post('/users', { username: `li_${stamp}`, password: pw, name: `李老师${stamp}`, role: 'staff' })
  const wang = await api.post('/users', { username: `wang_${stamp}`, password: pw, name: `王老师${stamp}`, role: 'staff' })
  const station = await api.post('/stations', { name: `新华街文化站 ${stamp}`, address: '新华街 1 号', staff_ids: [li.id, wang.id] })
  const team = await api.post('/teams', { name: `夕阳红合唱团 ${stamp}`, art_form: '合唱', founded_on: '2019-05-01', leader_id: li.id, member_count: 30 })
  const y = YEAR
  const plan = [
    // [kind, title, date, from, to, organizer, extra, done]
    ['lecture', `非遗讲座 ${stamp}`, `${y}-03-12`, '14:00', '16:00', li, {}, true],
    ['lecture', `摄影讲座 ${stamp}`, `${y}-05-20`, '14:00', '16:00', wang, {}, true],
    ['lecture', `戏曲讲座 ${stamp}`, `${y}-11-18`, '14:00', '16:00', wang, {}, false],
    ['outreach', `基层辅导 ${stamp} A`, `${y}-04-08`, '09:00', '17:00', li, { station_id: station.id }, true],
    ['outreach', `基层辅导 ${stamp} B`, `${y}-04-09`, '09:00', '17:00', li, { station_id: station.id, staff_ids: [wang.id] }, true],
    ['outreach', `基层辅导 ${stamp} C`, `${y}-10-15`, '09:00', '17:00', wang, { station_id: station.id }, false],
    ['team_activity', `合唱排练 ${stamp}`, `${y}-06-06`, '19:00', '21:00', li, { team_ids: [team.id] }, true],
  ]
  const activities = []
  for (const [kind, title, date, from, to, org, extra, done] of plan) {
    const a = await api.post('/activities', {
      kind,
      title,
      start: at(date, from),
      end: at(date, to),
      location: '文化馆',
      organizer_id: org.id,
      staff_ids: [],
      team_ids: [],
      expected_attendance: 40,
      notes: '',
      ...extra,
    })
    if (done) await api.post(`/activities/${a.id}/complete`, { actual_attendance: 35, notes: '' })
    activities.push(a)
  }
  // A four-session training class: one edition, done once its first session is.
  const series = await api.post('/series', {
    kind: 'training',
    title: `书法培训班 ${stamp}`,
    start: at(`${y}-09-05`, '09:00'),
    end: at(`${y}-09-05`, '11:00'),
    location: '文化馆',
    organizer_id: wang.id,
    staff_ids: [],
    team_ids: [],
    expected_attendance: 20,
    notes: '',
    rrule: 'FREQ=WEEKLY;COUNT=4',
    skip_holidays: false,
  })
  await api.post(`/activities/${series.activities[0].id}/complete`, { actual_attendance: 18, notes: '' })
  return { li, wang, pw, station, team, activities, series }
}

/** unzip lists the entries of a zip file: name -> contents (Buffer). */
export function unzip(buf) {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  if (eocd < 0) throw new Error('not a zip file: no end of central directory')
  const count = buf.readUInt16LE(eocd + 10)
  let p = buf.readUInt32LE(eocd + 16)
  const out = new Map()
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory')
    const method = buf.readUInt16LE(p + 10)
    const size = buf.readUInt32LE(p + 20)
    const nameLen = buf.readUInt16LE(p + 28)
    const extraLen = buf.readUInt16LE(p + 30)
    const commentLen = buf.readUInt16LE(p + 32)
    const local = buf.readUInt32LE(p + 42)
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen)
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28)
    const raw = buf.subarray(start, start + size)
    out.set(name, method === 8 ? inflateRawSync(raw) : raw)
    p += 46 + nameLen + extraLen + commentLen
  }
  return out
}

/** sheetText is the text of a workbook's cells with shared strings resolved, sheet by sheet. */
export function sheetTexts(entries) {
  const shared = []
  const sst = entries.get('xl/sharedStrings.xml')?.toString('utf8') ?? ''
  for (const si of sst.matchAll(/<si>([\s\S]*?)<\/si>/g)) {
    shared.push([...si[1].matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((m) => m[1]).join(''))
  }
  const sheets = [...entries.keys()].filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n)).sort()
  return sheets.map((n) => {
    const xml = entries.get(n).toString('utf8')
    const cells = []
    for (const c of xml.matchAll(/<c ([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attrs = c[1]
      const body = c[2] ?? ''
      const v = /<v>([^<]*)<\/v>/.exec(body)?.[1]
      const inline = /<t[^>]*>([^<]*)<\/t>/.exec(body)?.[1]
      if (/t="s"/.test(attrs) && v !== undefined) cells.push(shared[Number(v)] ?? '')
      else if (inline !== undefined) cells.push(inline)
      else if (v !== undefined) cells.push(v)
    }
    return cells
  })
}
