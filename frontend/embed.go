// Package frontend holds the built web app, embedded into the binary.
package frontend

import "embed"

// Dist is the production build of the web app (dist/), served by the server package.
//
//go:embed all:dist
var Dist embed.FS

// Locales holds the app's glossary in each language
// (src/i18n/locales/glossary.<lang>.json): the words of what is handed up,
// which the server's workbooks and CSV files use too, so that the app and
// the exports cannot name one thing two ways.
//
//go:embed src/i18n/locales/glossary.zh-CN.json src/i18n/locales/glossary.en.json
var Locales embed.FS

// GlossaryFiles are the paths in Locales of the glossary, by language of the exports.
var GlossaryFiles = map[string]string{
	"zh": "src/i18n/locales/glossary.zh-CN.json",
	"en": "src/i18n/locales/glossary.en.json",
}
