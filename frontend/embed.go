// Package frontend holds the built web app, embedded into the binary.
package frontend

import "embed"

// Dist is the production build of the web app (dist/), served by the server package.
//
//go:embed all:dist
var Dist embed.FS
