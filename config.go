package main

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"centerstage/models"
)

// config is everything the commands need from flags and the environment.
type config struct {
	Addr       string
	DB         string
	TZ         string
	Env        string
	JWTSecret  string
	Demo       bool
	Location   *time.Location
	Production bool
	// SMTPURL is where reminder digests are mailed from; empty: no mail.
	SMTPURL string
	// DBTimeout bounds one database operation (models.Options.Timeout);
	// RequestTimeout bounds one request of serve (server.Config).
	DBTimeout      time.Duration
	RequestTimeout time.Duration
	// TrustedProxies lists the reverse proxies (addresses or CIDR ranges,
	// comma-separated on the command line) whose X-Forwarded-For is believed.
	TrustedProxies string
	// envProblems are environment variables that did not parse.
	envProblems []string
	// CacheMB bounds the dashboards' cache, in MiB; 0 turns it off.
	CacheMB int
	// MetricsToken is the bearer token of /metrics; empty: loopback only.
	MetricsToken string
}

// cacheBytes is the dashboards' cache bound for services.NewCache.
func (c *config) cacheBytes() int64 {
	if c.CacheMB <= 0 {
		return -1
	}
	return int64(c.CacheMB) << 20
}

// envDuration is envOr for a duration; a value that does not parse is
// reported by validate and leaves def.
func (c *config) envDuration(name string, def time.Duration) time.Duration {
	v := envOr(name, "")
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		c.envProblems = append(c.envProblems, fmt.Sprintf("%s: %q is not a positive duration such as 10s", name, v))
		return def
	}
	return d
}

// envOr returns the environment variable's value, or def when unset.
func envOr(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}

// envInt is envOr for a whole number; a value that does not parse is
// reported by validate and leaves def.
func (c *config) envInt(name string, def int) int {
	v := envOr(name, "")
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		c.envProblems = append(c.envProblems, fmt.Sprintf("%s: %q is not a whole number", name, v))
		return def
	}
	return n
}

// commonFlags registers the flags every command shares; environment variables
// give their defaults, so a flag always wins over the environment.
func commonFlags(fs *flag.FlagSet, c *config) {
	fs.StringVar(&c.DB, "db", envOr("CENTERSTAGE_DB", "sqlite:centerstage.db"), "database: sqlite:PATH or mysql:DSN (env CENTERSTAGE_DB)")
	fs.StringVar(&c.TZ, "tz", envOr("CENTERSTAGE_TZ", "Asia/Shanghai"), "the center's time zone (env CENTERSTAGE_TZ)")
	fs.StringVar(&c.Env, "env", envOr("CENTERSTAGE_ENV", "development"), "development or production (env CENTERSTAGE_ENV)")
	fs.DurationVar(&c.DBTimeout, "db-timeout", c.envDuration("CENTERSTAGE_DB_TIMEOUT", models.DefaultDBTimeout),
		"longest wait of one database operation: MySQL read/write timeout, SQLite busy timeout (env CENTERSTAGE_DB_TIMEOUT)")
	c.JWTSecret = os.Getenv("CENTERSTAGE_JWT_SECRET")
	c.SMTPURL = os.Getenv("CENTERSTAGE_SMTP_URL")
	c.MetricsToken = os.Getenv("CENTERSTAGE_METRICS_TOKEN")
}

// proxies is TrustedProxies as a list.
func (c *config) proxies() []string {
	var out []string
	for _, p := range strings.Split(c.TrustedProxies, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parseCommand registers the shared flags beside a command's own, parses
// args and checks the configuration.
func parseCommand(fs *flag.FlagSet, c *config, args []string) error {
	commonFlags(fs, c)
	if err := fs.Parse(args); err != nil {
		return err
	}
	return c.validate()
}

// validate checks the configuration and fills the derived fields.
func (c *config) validate() error {
	problems := append([]string(nil), c.envProblems...)
	if c.DBTimeout < 0 || c.RequestTimeout < 0 {
		problems = append(problems, "--db-timeout, --request-timeout: must be positive durations such as 10s")
	}
	for _, p := range c.proxies() {
		if net.ParseIP(p) == nil {
			if _, _, err := net.ParseCIDR(p); err != nil {
				problems = append(problems, fmt.Sprintf("--trusted-proxies: %q is not an address or CIDR range", p))
			}
		}
	}
	if _, _, err := models.ParseDSN(c.DB); err != nil {
		problems = append(problems, "--db: "+err.Error())
	}
	loc, err := time.LoadLocation(c.TZ)
	if err != nil || c.TZ == "" {
		problems = append(problems, fmt.Sprintf("--tz: unknown time zone %q (use an IANA name such as Asia/Shanghai)", c.TZ))
	}
	c.Location = loc
	switch c.Env {
	case "development":
	case "production":
		c.Production = true
	default:
		problems = append(problems, fmt.Sprintf("CENTERSTAGE_ENV: %q is not development or production", c.Env))
	}
	if c.CacheMB < 0 {
		problems = append(problems, fmt.Sprintf("--cache-mb: %d is negative (0 turns the cache off)", c.CacheMB))
	}
	if len(problems) > 0 {
		return errors.New("invalid configuration:\n  " + strings.Join(problems, "\n  "))
	}
	return nil
}
