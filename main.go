// Command centerstage schedules the work of a public cultural center and checks
// it against the center's annual quantitative targets.
//
//	centerstage serve   [--addr :8080] [--db sqlite:centerstage.db] [--demo]
//	centerstage migrate [--db ...]
//	centerstage user create --username U --password P --role admin|manager|staff|viewer [--name N]
//	centerstage user passwd --username U --password P
//	centerstage export  --year 2026 [--format xlsx|csv] --out FILE [--db ...]
//	centerstage backup  --out FILE [--db ...]
//	centerstage restore --in FILE [--db ...] [--force]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"centerstage/server"
	"centerstage/services"
)

const usage = `CenterStage: the scheduler of a public cultural center.

Usage:
  centerstage serve   [--addr :8080] [--db sqlite:centerstage.db] [--demo]
  centerstage migrate [--db ...]
  centerstage user create --username U --password P --role admin|manager|staff|viewer [--name N]
  centerstage user passwd --username U --password P
  centerstage export  --year 2026 [--format xlsx|csv] --out FILE [--db ...]
  centerstage backup  --out FILE [--db ...]
  centerstage restore --in FILE [--db ...] [--force]
  centerstage openapi  (prints the API's OpenAPI document, as /api/v1/openapi.json serves it)

Every flag has an environment variable: CENTERSTAGE_ADDR, CENTERSTAGE_DB,
CENTERSTAGE_TZ (default Asia/Shanghai), CENTERSTAGE_ENV (development or
production), CENTERSTAGE_DB_TIMEOUT and CENTERSTAGE_REQUEST_TIMEOUT (default
10s each), CENTERSTAGE_TRUSTED_PROXIES, CENTERSTAGE_CACHE_MB (default 64),
CENTERSTAGE_METRICS_TOKEN and CENTERSTAGE_JWT_SECRET. Run "centerstage COMMAND -h"
for details.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "centerstage:", err)
		}
		os.Exit(2)
	}
}

// run dispatches a command line; it is main without the process around it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	log := slog.New(slog.NewJSONHandler(stderr, nil))
	clock := services.Clock(services.SystemClock) // the one real clock; commands get it from here
	switch args[0] {
	case "serve":
		return cmdServe(ctx, clock, args[1:], stdout, log)
	case "migrate":
		return cmdMigrate(ctx, args[1:], stdout)
	case "user":
		return cmdUser(ctx, clock, args[1:], stdout)
	case "export":
		return cmdExport(ctx, clock, args[1:], stdout)
	case "backup":
		return cmdBackup(ctx, clock, args[1:], stdout)
	case "restore":
		return cmdRestore(ctx, clock, args[1:], stdout)
	case "openapi":
		doc, err := server.OpenAPIDocument()
		if err != nil {
			return err
		}
		_, err = stdout.Write(doc)
		return err
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", args[0])
	}
}
