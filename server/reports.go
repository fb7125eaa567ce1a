package server

import (
	"bytes"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"centerstage/models"
	"centerstage/services/counting"
)

// readers may see everyone's numbers: the tally is not for staff.
var readers = []string{models.RoleAdmin, models.RoleManager, models.RoleViewer}

const (
	xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	csvType  = "text/csv; charset=utf-8"
)

type monthlyQuery struct {
	Year     int    `form:"year"`
	AsOf     string `form:"as_of"`
	StaffID  uint64 `form:"staff_id"`
	TargetID uint64 `form:"target_id"`
}

type tallyQuery struct {
	Year int    `form:"year"`
	AsOf string `form:"as_of"`
	Lang string `form:"lang" doc:"zh or en; default from Accept-Language"`
}

type csvQuery struct {
	From string `form:"from" doc:"RFC 3339 instant or local date (required)"`
	To   string `form:"to" doc:"RFC 3339 instant or local date (required)"`
	Lang string `form:"lang" doc:"zh or en; default from Accept-Language"`
}

// monthlyResponse lists the monthly statistics with the date they are as of.
type monthlyResponse struct {
	Items []counting.MonthlyItem `json:"items"`
	Total int64                  `json:"total"`
	Year  int                    `json:"year"`
	AsOf  string                 `json:"as_of"`
	// Totals are each each_staff target's sums over its members.
	Totals []counting.MonthlyTotal `json:"totals"`
}

func (s *Server) reportRoutes() []route {
	tags := []string{"reports"}
	return []route{
		{Method: "GET", Path: "/reports/monthly", Roles: anyRole, Handler: s.monthlyReport,
			Doc: doc{Summary: "Monthly plan, due (with rollover), actual and carry per target and member", Tags: tags,
				Query: monthlyQuery{}, Response: monthlyResponse{}}},
		{Method: "GET", Path: "/reports/tally", Roles: readers, Handler: s.tally,
			Doc: doc{Summary: "The year's tally (admin, manager, viewer)", Tags: tags, Query: tallyQuery{}, Response: counting.Tally{}}},
		{Method: "GET", Path: "/reports/tally.xlsx", Roles: readers, Handler: s.tallyXLSX,
			Doc: doc{Summary: "The year's tally as a workbook (admin, manager, viewer)", Tags: tags, Query: tallyQuery{}, Produces: xlsxType}},
		{Method: "GET", Path: "/reports/tally.csv", Roles: readers, Handler: s.tallyCSV,
			Doc: doc{Summary: "The progress rows of the year's tally as CSV, UTF-8 with BOM (admin, manager, viewer)", Tags: tags, Query: tallyQuery{}, Produces: "text/csv"}},
		{Method: "GET", Path: "/reports/activities.csv", Roles: anyRole, Handler: s.activitiesCSV,
			Doc: doc{Summary: "Activities overlapping [from, to) as CSV, UTF-8 with BOM", Tags: tags, Query: csvQuery{}, Produces: "text/csv"}},
	}
}

func (s *Server) monthlyReport(c *gin.Context) error {
	pq, err := s.readProgressQuery(c)
	if err != nil {
		return err
	}
	rep, err := s.svc.Dashboards.Monthly(c.Request.Context(), s.actor(c), pq)
	if err != nil {
		return err
	}
	return ok(c, monthlyResponse{Items: rep.Items, Total: int64(len(rep.Items)), Year: rep.Year, AsOf: rep.AsOf, Totals: rep.Totals})
}

func (s *Server) tally(c *gin.Context) error {
	q := s.query(c)
	year, asOf := q.Int("year", 0, 2000, 2100), q.Date("as_of")
	if err := q.Err(); err != nil {
		return err
	}
	t, err := s.svc.Dashboards.Tally(c.Request.Context(), s.actor(c), year, asOf)
	if err != nil {
		return err
	}
	return ok(c, t)
}

func (s *Server) tallyXLSX(c *gin.Context) error {
	q := s.query(c)
	year, asOf, lang := q.Int("year", 0, 2000, 2100), q.Date("as_of"), q.OneOf("lang", "zh", "en")
	if err := q.Err(); err != nil {
		return err
	}
	// The tally the JSON answer shows (from the dashboards' cache when
	// nothing changed since), not counted again for the workbook.
	t, err := s.svc.Dashboards.Tally(c.Request.Context(), s.actor(c), year, asOf)
	if err != nil {
		return err
	}
	// Built in memory first, so a failure half-way still gets a JSON error.
	var buf bytes.Buffer
	if err := s.svc.Reports.WriteTallyBook(c.Request.Context(), t, exportLang(c, lang), &buf); err != nil {
		return err
	}
	return attachment(c, tallyFileName(year, "xlsx"), xlsxType, buf.Bytes())
}

func (s *Server) tallyCSV(c *gin.Context) error {
	q := s.query(c)
	year, asOf, lang := q.Int("year", 0, 2000, 2100), q.Date("as_of"), q.OneOf("lang", "zh", "en")
	if err := q.Err(); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := s.svc.Reports.WriteTallyCSV(c.Request.Context(), s.actor(c), year, asOf, exportLang(c, lang), &buf); err != nil {
		return err
	}
	return attachment(c, tallyFileName(year, "csv"), csvType, buf.Bytes())
}

// tallyFileName names a download of the tally of year (0: the current one).
func tallyFileName(year int, ext string) string {
	if year == 0 {
		return "tally." + ext
	}
	return fmt.Sprintf("tally-%d.%s", year, ext)
}

func (s *Server) activitiesCSV(c *gin.Context) error {
	q := s.query(c)
	from, to, lang := q.Instant("from"), q.Instant("to"), q.OneOf("lang", "zh", "en")
	q.require("from", "to")
	if err := q.Err(); err != nil {
		return err
	}
	var buf bytes.Buffer
	rng := counting.ActivityRange{From: from, To: to}
	if err := s.svc.Reports.WriteActivitiesCSV(c.Request.Context(), s.actor(c), rng, exportLang(c, lang), &buf); err != nil {
		return err
	}
	return attachment(c, "activities.csv", csvType, buf.Bytes())
}

// attachment answers body as a file to download under name.
func attachment(c *gin.Context, name, contentType string, body []byte) error {
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Data(http.StatusOK, contentType, body)
	return nil
}

// exportLang is lang when given, else the preferred of zh and en in
// Accept-Language, else zh: the exports are for Chinese authorities.
func exportLang(c *gin.Context, lang string) string {
	if lang != "" {
		return lang
	}
	type pref struct {
		lang string
		q    float64
	}
	var prefs []pref
	for _, part := range strings.Split(c.GetHeader("Accept-Language"), ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		tag = strings.ToLower(tag)
		switch {
		case strings.HasPrefix(tag, "zh"):
			prefs = append(prefs, pref{counting.LangZh, q})
		case strings.HasPrefix(tag, "en"):
			prefs = append(prefs, pref{counting.LangEn, q})
		}
	}
	sort.SliceStable(prefs, func(i, j int) bool { return prefs[i].q > prefs[j].q })
	if len(prefs) == 0 || prefs[0].q <= 0 {
		return counting.LangZh
	}
	return prefs[0].lang
}
