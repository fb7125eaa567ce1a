// Package server is the HTTP face of CenterStage: the Gin engine, middleware,
// handlers with their request and response types, the one error mapper, the
// OpenAPI document and the embedded web app. It holds no SQL.
package server

import (
	"context"
	"io/fs"
	"log/slog"
	"reflect"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/go-playground/validator/v10"

	"centerstage/models"
	"centerstage/services"
	"centerstage/services/counting"
	"centerstage/services/planner"
)

// Services are the service objects the handlers call.
type Services struct {
	Auth  *services.Auth
	Users *services.Users
	Audit *services.Audit
	// Venues, Stations and Teams are the center's reference data.
	Venues   *services.Venues
	Stations *services.Stations
	Teams    *services.Teams
	// Activities, Series, Calendar and Closures are the scheduling core.
	Activities *services.Activities
	Series     *services.Series
	Calendar   *services.Calendar
	Closures   *services.Closures
	// Targets, Progress and Reports are the counting engine.
	Targets  *counting.Targets
	Progress *counting.Progress
	Reports  *counting.Reports
	// Dashboards answers progress, the monthly report, the drill-down, the
	// tally and the scores from a cache while the data is unchanged.
	Dashboards *counting.Dashboards
	// Planner proposes and books the activities that close a gap.
	Planner *planner.Planner
	// OfficialLines are the official return's lines; Settings the center's name.
	OfficialLines *counting.OfficialLines
	Settings      *services.Settings
	// Assessments, Submissions and Notifications are the department head's
	// year: scores, the months handed up and the reminders.
	Assessments   *counting.Assessments
	Submissions   *counting.Submissions
	Notifications *counting.Notifications
	// Idempotency runs a create once per Idempotency-Key.
	Idempotency *services.Idempotency
	// Ping checks that the database answers, for /readyz.
	Ping func(ctx context.Context) error
	// DBStats and TxCounts report the connection pool and the
	// transactions' retries, for /metrics (nil: not reported).
	DBStats  func() models.PoolStats
	TxCounts func() models.TxCounts
}

// Config tunes the server.
type Config struct {
	// Production turns on HSTS and other production-only behaviour.
	Production bool
	// MaxBodyBytes bounds a request body; larger ones get 413.
	MaxBodyBytes int64
	// BodyTimeout bounds the reading of a request body; a slower one gets
	// 408 (default 10 s).
	BodyTimeout time.Duration
	// RequestTimeout bounds a request once its body is in, database work
	// included; past it the request answers 503 (default 10 s).
	RequestTimeout time.Duration
	// TrustedProxies are the addresses or CIDR ranges of the reverse proxies
	// whose X-Forwarded-For header names the client: the address the login
	// throttle counts and the log shows. None by default: the client is the
	// connection's peer, and the header, which anyone can send, is ignored.
	TrustedProxies []string
	// Location is the center's time zone, for parsing local dates.
	Location *time.Location
	// MailEnabled says whether reminder digests are mailed (an SMTP server is set).
	MailEnabled bool
	// MetricsToken, when set, is the bearer token /metrics asks for;
	// without one /metrics answers only on the loopback interface.
	MetricsToken string
	// Assets is the built web app (index.html and assets/); nil serves none.
	Assets fs.FS
}

// Server handles HTTP requests.
type Server struct {
	svc      Services
	cfg      Config
	log      *slog.Logger
	validate *validator.Validate
	engine   *gin.Engine
	routes   []route
	// openAPIDoc is the served OpenAPI document, built once from routes.
	openAPIDoc []byte
	metrics    *metrics
}

// New builds the server and its routes.
func New(svc Services, cfg Config, log *slog.Logger) *Server {
	if cfg.MaxBodyBytes == 0 {
		cfg.MaxBodyBytes = 1 << 20
	}
	if cfg.BodyTimeout == 0 {
		cfg.BodyTimeout = 10 * time.Second
	}
	if cfg.RequestTimeout == 0 {
		cfg.RequestTimeout = 10 * time.Second
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	v := validator.New(validator.WithRequiredStructEnabled())
	v.SetTagName("binding")
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			return ""
		}
		if name == "" {
			name, _, _ = strings.Cut(f.Tag.Get("form"), ",")
		}
		return name
	})
	s := &Server{svc: svc, cfg: cfg, log: log, validate: v}
	s.metrics = s.newMetrics()
	s.engine = s.buildEngine()
	return s
}

// Handler returns the http.Handler serving every route.
func (s *Server) Handler() *gin.Engine { return s.engine }
