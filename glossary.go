package main

import (
	"fmt"
	"io/fs"

	"centerstage/frontend"
	"centerstage/services/glossary"
)

// appGlossary is the glossary of the app's locale files, embedded in the
// binary, which the exports use so that they speak the app's words.
func appGlossary() (*glossary.Glossary, error) {
	files := map[string][]byte{}
	for lang, path := range frontend.GlossaryFiles {
		b, err := fs.ReadFile(frontend.Locales, path)
		if err != nil {
			return nil, fmt.Errorf("read the glossary: %w", err)
		}
		files[lang] = b
	}
	return glossary.Parse(files)
}
