package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gorm.io/gorm"

	"centerstage/frontend"
	"centerstage/models"
	"centerstage/models/migrations"
	"centerstage/server"
	"centerstage/services"
	"centerstage/services/counting"
	"centerstage/services/demo"
	"centerstage/services/planner"
)

// openDB opens and migrates the configured database.
func openDB(ctx context.Context, cfg *config) (*gorm.DB, error) {
	db, err := models.OpenWith(cfg.DB, models.Options{Timeout: cfg.DBTimeout})
	if err != nil {
		return nil, err
	}
	if err := migrations.Run(ctx, db); err != nil {
		return nil, err
	}
	return db, nil
}

// openWired opens the database (see openDB) and builds every service on it
// (see wire). The caller closes db; on an error it is closed already.
func openWired(ctx context.Context, cfg *config, clock services.Clock) (*gorm.DB, server.Services, error) {
	db, err := openDB(ctx, cfg)
	if err != nil {
		return nil, server.Services{}, err
	}
	svc, err := wire(ctx, cfg, db, clock)
	if err != nil {
		closeDB(db)
		return nil, server.Services{}, err
	}
	return db, svc, nil
}

func closeDB(db *gorm.DB) {
	if sqlDB, err := db.DB(); err == nil {
		sqlDB.Close()
	}
}

// wire builds every service on db; it is the one place services meet.
func wire(ctx context.Context, cfg *config, db *gorm.DB, clock services.Clock) (server.Services, error) {
	key, err := services.SigningKey(ctx, db, cfg.JWTSecret, cfg.Production)
	if err != nil {
		return server.Services{}, err
	}
	audit := services.NewAudit(db, clock)
	auth := services.NewAuth(db, clock, key, 0)
	users := services.NewUsers(db, clock, cfg.Location, auth, audit)
	progress, reports, err := wireCounting(cfg, db, clock)
	if err != nil {
		return server.Services{}, err
	}
	acts := services.NewActivities(db, clock, cfg.Location, audit, progress)
	targets := counting.NewTargets(db, clock, audit)
	calendar := services.NewCalendar(db)
	assessments := counting.NewAssessments(db, clock, cfg.Location, audit, progress)
	return server.Services{
		Auth: auth, Users: users, Audit: audit,
		Activities:    acts,
		Series:        services.NewSeries(acts),
		Calendar:      calendar,
		Closures:      services.NewClosures(db, audit),
		Targets:       targets,
		Progress:      progress,
		Reports:       reports,
		Dashboards:    counting.NewDashboards(services.NewCache(db, cfg.cacheBytes()), progress, reports, assessments),
		Venues:        services.NewVenues(db, clock, audit),
		Stations:      services.NewStations(db, clock, audit),
		Teams:         services.NewTeams(db, clock, cfg.Location, audit),
		Planner:       planner.New(db, clock, cfg.Location, acts, targets, progress, calendar),
		OfficialLines: counting.NewOfficialLines(db, audit),
		Settings:      services.NewSettings(db, audit),
		Assessments:   assessments,
		Submissions:   counting.NewSubmissions(db, clock, cfg.Location, audit, progress),
		Notifications: counting.NewNotifications(db, clock, cfg.Location, progress),
		Idempotency:   services.NewIdempotency(db, clock),
		DBStats:       func() models.PoolStats { return models.PoolStatsOf(db) },
		TxCounts:      models.CountersOf(db).Snapshot,
		Ping: func(ctx context.Context) error {
			sqlDB, err := db.DB()
			if err != nil {
				return err
			}
			return sqlDB.PingContext(ctx)
		},
	}, nil
}

// wireCounting builds the counting engine and the reports on it; serve and
// export share it (export needs no signing key, so it does not call wire).
func wireCounting(cfg *config, db *gorm.DB, clock services.Clock) (*counting.Progress, *counting.Reports, error) {
	g, err := appGlossary()
	if err != nil {
		return nil, nil, err
	}
	progress := counting.NewProgress(db, clock, cfg.Location)
	return progress, counting.NewReports(db, clock, cfg.Location, progress, g), nil
}

func cmdServe(ctx context.Context, clock services.Clock, args []string, stdout io.Writer, log *slog.Logger) error {
	var cfg config
	flags := flag.NewFlagSet("serve", flag.ContinueOnError)
	flags.StringVar(&cfg.Addr, "addr", envOr("CENTERSTAGE_ADDR", ":8080"), "listen address (env CENTERSTAGE_ADDR)")
	flags.BoolVar(&cfg.Demo, "demo", false, "fill an empty database with a demo center")
	flags.DurationVar(&cfg.RequestTimeout, "request-timeout", cfg.envDuration("CENTERSTAGE_REQUEST_TIMEOUT", 10*time.Second),
		"longest time a request may take once its body is in; past it the answer is 503 (env CENTERSTAGE_REQUEST_TIMEOUT)")
	flags.StringVar(&cfg.TrustedProxies, "trusted-proxies", envOr("CENTERSTAGE_TRUSTED_PROXIES", ""),
		"comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For names the client (env CENTERSTAGE_TRUSTED_PROXIES)")
	flags.IntVar(&cfg.CacheMB, "cache-mb", cfg.envInt("CENTERSTAGE_CACHE_MB", 64), "memory for the dashboards' cache in MiB, 0 for none (env CENTERSTAGE_CACHE_MB)")
	if err := parseCommand(flags, &cfg, args); err != nil {
		return err
	}
	if cfg.Production && cfg.Demo {
		return errors.New("--demo is not for production: its accounts share a published password")
	}
	if cfg.Production && cfg.JWTSecret == "" {
		return fmt.Errorf("production mode needs CENTERSTAGE_JWT_SECRET (at least %d random bytes)", services.MinSecretLen)
	}
	// The address is taken first: on a busy port nothing is created and no
	// first password is printed for a server that never answers.
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	defer ln.Close()
	db, svc, err := openWired(ctx, &cfg, clock)
	if err != nil {
		return err
	}
	defer closeDB(db)
	if err := firstStart(ctx, &cfg, db, clock, svc, stdout); err != nil {
		return err
	}
	assets, err := fs.Sub(frontend.Dist, "dist")
	if err != nil {
		return err
	}
	if cfg.SMTPURL != "" {
		mailer, err := counting.NewSMTPMailer(cfg.SMTPURL)
		if err != nil {
			return err
		}
		// The digest goes out once a day from 08:00 local; every instance
		// checks, the first to claim the day sends.
		go svc.Notifications.RunDigests(ctx, mailer, 8, 15*time.Minute, func(err error) {
			log.Error("send reminder digests", "err", err)
		})
	}
	srv := server.New(svc, server.Config{Production: cfg.Production, Location: cfg.Location, Assets: assets,
		MailEnabled: cfg.SMTPURL != "", RequestTimeout: cfg.RequestTimeout, TrustedProxies: cfg.proxies(),
		MetricsToken: cfg.MetricsToken}, log)
	return serveOn(ctx, ln, srv.Handler(), stdout, log)
}

// firstStart creates the first admin of an empty database and prints its
// password once.
func firstStart(ctx context.Context, cfg *config, db *gorm.DB, clock services.Clock, svc server.Services, stdout io.Writer) error {
	password, err := svc.Users.EnsureAdmin(ctx)
	if err != nil {
		return fmt.Errorf("create first admin: %w", err)
	}
	if password != "" {
		fmt.Fprintf(stdout, "Created the first administrator.\n  username: admin\n  password: %s\nThis password is shown only once; change it after logging in.\n", password)
	}
	if !cfg.Demo {
		return nil
	}
	res, err := demo.Fill(ctx, db, clock, cfg.Location, demo.Options{
		Seed: 1, Password: demoPassword, HashPassword: svc.Auth.HashPassword})
	if err != nil {
		return fmt.Errorf("demo center: %w", err)
	}
	if !res.Created {
		fmt.Fprintln(stdout, "The database already holds data; --demo added nothing.")
		return nil
	}
	fmt.Fprintf(stdout, "Filled a demo center for %d: %d staff, %d activities.\n"+
		"  department head (manager): %s\n  leadership (viewer): %s\n  staff, for example: %s\n  password of every demo account: %s\n",
		res.Year, res.Staff, res.Activities, res.Usernames[0], res.Usernames[1], strings.Join(res.Usernames[2:], ", "), res.Password)
	return nil
}

// demoPassword is the password of every demo account; a demo is for trying the
// product, never for real data.
const demoPassword = "demo-password"

// serveOn serves ln until ctx ends, then lets in-flight requests finish.
func serveOn(ctx context.Context, ln net.Listener, h http.Handler, stdout io.Writer, log *slog.Logger) error {
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second}
	fmt.Fprintf(stdout, "CenterStage listening on http://%s\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down; waiting for requests in flight")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func cmdMigrate(ctx context.Context, args []string, stdout io.Writer) error {
	var cfg config
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	if err := parseCommand(fs, &cfg, args); err != nil {
		return err
	}
	db, err := openDB(ctx, &cfg)
	if err != nil {
		return err
	}
	closeDB(db)
	fmt.Fprintln(stdout, "database is up to date")
	return nil
}

func cmdUser(ctx context.Context, clock services.Clock, args []string, stdout io.Writer) error {
	if len(args) == 0 || (args[0] != "create" && args[0] != "passwd") {
		return errors.New("usage: centerstage user create|passwd --username U --password P [--role R] [--name N]")
	}
	var cfg config
	var username, password, role, name string
	fs := flag.NewFlagSet("user "+args[0], flag.ContinueOnError)
	fs.StringVar(&username, "username", "", "login name")
	fs.StringVar(&password, "password", "", "password (at least 8 characters)")
	if args[0] == "create" {
		fs.StringVar(&role, "role", "", "admin, manager, staff or viewer")
		fs.StringVar(&name, "name", "", "display name (defaults to the username)")
	}
	if err := parseCommand(fs, &cfg, args[1:]); err != nil {
		return err
	}
	db, svc, err := openWired(ctx, &cfg, clock)
	if err != nil {
		return err
	}
	defer closeDB(db)
	if args[0] == "passwd" {
		if err := svc.Users.SetPassword(ctx, username, password); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "password of %s changed; their logins were ended\n", username)
		return nil
	}
	u, err := svc.Users.Create(ctx, services.System, services.NewUser{Username: username, Password: password, Role: role, Name: name})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created user %s (id %d, role %s)\n", u.Username, u.ID, u.Role)
	return nil
}

func cmdExport(ctx context.Context, clock services.Clock, args []string, stdout io.Writer) error {
	var cfg config
	var year int
	var format, out, lang string
	flags := flag.NewFlagSet("export", flag.ContinueOnError)
	flags.IntVar(&year, "year", 0, "the year to export (default: this year in the center's time zone)")
	flags.StringVar(&format, "format", counting.FormatXLSX, "xlsx (the yearly tally workbook) or csv (the year's activities)")
	flags.StringVar(&out, "out", "", "file to write")
	flags.StringVar(&lang, "lang", counting.LangZh, "language of the headers: zh or en")
	if err := parseCommand(flags, &cfg, args); err != nil {
		return err
	}
	if out == "" {
		return errors.New("export: --out FILE is required")
	}
	if lang != counting.LangZh && lang != counting.LangEn {
		return fmt.Errorf("export: --lang must be zh or en, not %q", lang)
	}
	if year == 0 {
		year = clock().In(cfg.Location).Year()
	}
	db, err := openDB(ctx, &cfg)
	if err != nil {
		return err
	}
	defer closeDB(db)
	_, reports, err := wireCounting(&cfg, db, clock)
	if err != nil {
		return err
	}
	if err := writeAtomically(out, func(w io.Writer) error { return reports.Export(ctx, year, format, lang, w) }); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	fmt.Fprintf(stdout, "wrote %s (%s, %d)\n", out, format, year)
	return nil
}

// writeAtomically writes a file through a temporary one beside it, so a failed
// export never leaves half a file under the real name.
func writeAtomically(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
