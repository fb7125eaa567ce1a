package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
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
}

// envOr returns the environment variable's value, or def when unset.
func envOr(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}

// commonFlags registers the flags every command shares; environment variables
// give their defaults, so a flag always wins over the environment.
func commonFlags(fs *flag.FlagSet, c *config) {
	fs.StringVar(&c.DB, "db", envOr("CENTERSTAGE_DB", "sqlite:centerstage.db"), "database: sqlite:PATH or mysql:DSN (env CENTERSTAGE_DB)")
	fs.StringVar(&c.TZ, "tz", envOr("CENTERSTAGE_TZ", "Asia/Shanghai"), "the center's time zone (env CENTERSTAGE_TZ)")
	fs.StringVar(&c.Env, "env", envOr("CENTERSTAGE_ENV", "development"), "development or production (env CENTERSTAGE_ENV)")
	c.JWTSecret = os.Getenv("CENTERSTAGE_JWT_SECRET")
	c.SMTPURL = os.Getenv("CENTERSTAGE_SMTP_URL")
}

// validate checks the configuration and fills the derived fields.
func (c *config) validate() error {
	var problems []string
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
	if len(problems) > 0 {
		return errors.New("invalid configuration:\n  " + strings.Join(problems, "\n  "))
	}
	return nil
}
