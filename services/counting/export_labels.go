package counting

import (
	"slices"
	"strings"

	"centerstage/models"
	"centerstage/services/glossary"
)

// Languages of exported headers and labels.
const (
	LangZh = glossary.Zh
	LangEn = glossary.En
)

// Every text an export shows comes from the glossary the app shows
// (frontend/src/i18n/locales/glossary.*.json), by key, so the workbook, the
// CSV files and the app cannot name one thing two ways. Codes (kinds,
// statuses, metrics, scopes) are labelled in Chinese exports; English
// exports keep the codes, which scripts rely on.

// Column headers of the exports, as glossary keys.
var (
	hdrSummary = []string{"target", "metricCol", "scopeCol", "members", "value", "actual", "scheduled", "projected",
		"expected", "rate", "statusCol", "statusCount.met", "statusCount.on_track", "statusCount.at_risk", "statusCount.behind"}
	hdrByStaff = []string{"staff", "staffId", "target", "metricCol", "ownValue", "targetValue", "joinedOn", "leftOn",
		"actual", "scheduled", "projected", "expected", "rate", "gap", "statusCol", "openStations"}
	hdrByMonth  = []string{"target", "staff", "staffId", "month", "plan", "due", "monthActual", "carry", "rate"}
	hdrOfficial = []string{"line", "unit", "figure", "metricCol", "kindsCounted", "code"}
	hdrByKind   = []string{"kindCol", "activityStatus.planned", "activityStatus.completed", "activityStatus.cancelled", "attendance"}
	hdrActivity = []string{"id", "kindCol", "title", "start", "end", "date", "venue", "location", "organizer", "participants",
		"teams", "station", "expectedAttendance", "actualAttendance", "statusCol", "seriesId", "notes", "cancelReason"}
	hdrTallyCSV = []string{"target", "metricCol", "scopeCol", "staff", "staffId", "ownValue", "targetValue", "actual",
		"scheduled", "projected", "expected", "rate", "gap", "statusCol"}
	// Texts of titles and lines outside the tables.
	exportTexts = []string{"center", "yearTally", "officialReturn", "yearLabel", "asOf", "generatedAt", "preparedBy",
		"reviewedBy", "allKinds", "year", "monthlyReport", "progressRows", "activityList", "byKind"}
)

// Groups of codes and the glossary key prefix of their labels.
const (
	groupKind           = "kind"
	groupActivityStatus = "activityStatus"
	groupMetric         = "metric"
	groupScope          = "scope"
	groupStatus         = "status"
)

// ExportKeys lists every glossary key the exports use, for the test that
// holds them against both locale files.
func ExportKeys() []string {
	var keys []string
	for _, l := range [][]string{hdrSummary, hdrByStaff, hdrByMonth, hdrOfficial, hdrByKind, hdrActivity, hdrTallyCSV, exportTexts} {
		keys = append(keys, l...)
	}
	codes := map[string][]string{
		groupKind:           models.Kinds,
		groupActivityStatus: {models.StatusPlanned, models.StatusCompleted, models.StatusCancelled},
		groupMetric:         codes(Metrics),
		groupScope:          codes(TargetScopes),
		groupStatus:         RowStatuses,
	}
	for g, cs := range codes {
		for _, c := range cs {
			keys = append(keys, g+"."+c)
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// words labels an export in one language.
type words struct {
	g    *glossary.Glossary
	lang string
}

func (r *Reports) words(lang string) words { return words{g: r.glossary, lang: lang} }

// t is the label of a glossary key.
func (w words) t(key string) string { return w.g.Label(w.lang, key) }

// row is the labels of keys, as cells.
func (w words) row(keys []string) []any {
	out := make([]any, len(keys))
	for i, k := range keys {
		out[i] = w.t(k)
	}
	return out
}

// code labels a code of a group in Chinese; English keeps the code.
func (w words) code(group, code string) string {
	if w.lang == LangEn {
		return code
	}
	return w.g.Label(w.lang, group+"."+code)
}

// kinds names the kinds a line counts, or every kind.
func (w words) kinds(kinds []string) string {
	if len(kinds) == 0 {
		return w.t("allKinds")
	}
	out := make([]string, len(kinds))
	for i, k := range kinds {
		out[i] = w.code(groupKind, k)
	}
	sep := "、"
	if w.lang == LangEn {
		sep = ", "
	}
	return strings.Join(out, sep)
}

// safeText neutralises a text that a spreadsheet program would read as a
// formula (or a command, through DDE): one starting with =, +, -, @, a tab
// or a carriage return gets a leading apostrophe, so it stays text.
func safeText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// label is one text in both languages, for a sheet whose words are not in
// the glossary yet (the assessment sheet); move them there.
type label struct{ zh, en string }

func (l label) in(lang string) string {
	if lang == LangEn {
		return l.en
	}
	return l.zh
}

func labels(lang string, ls ...label) []any {
	out := make([]any, len(ls))
	for i, l := range ls {
		out[i] = l.in(lang)
	}
	return out
}
