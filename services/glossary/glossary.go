// Package glossary holds the words of what is handed up (workbooks, CSV,
// print), in Chinese and English. They come from the app's own locale files
// (the "glossary" key), given by the caller, so that the app and the exports
// use one set of words; this package does not know where they are stored.
package glossary

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Languages of the exports.
const (
	Zh = "zh"
	En = "en"
)

// Glossary maps dotted keys ("carry", "status.met") to labels, per language.
type Glossary struct {
	labels map[string]map[string]string
}

// Parse reads the locale files (JSON with a top-level "glossary" object) of
// each language. Zh is required: it is the fallback of every other language.
func Parse(files map[string][]byte) (*Glossary, error) {
	g := &Glossary{labels: map[string]map[string]string{}}
	for lang, data := range files {
		var doc struct {
			Glossary map[string]any `json:"glossary"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			return nil, fmt.Errorf("glossary %s: %w", lang, err)
		}
		if doc.Glossary == nil {
			return nil, fmt.Errorf("glossary %s: no \"glossary\" key", lang)
		}
		flat := map[string]string{}
		if err := flatten(doc.Glossary, "", flat); err != nil {
			return nil, fmt.Errorf("glossary %s: %w", lang, err)
		}
		g.labels[lang] = flat
	}
	if g.labels[Zh] == nil {
		return nil, fmt.Errorf("glossary: no Chinese labels")
	}
	return g, nil
}

func flatten(tree map[string]any, prefix string, out map[string]string) error {
	for k, v := range tree {
		switch v := v.(type) {
		case string:
			out[prefix+k] = v
		case map[string]any:
			if err := flatten(v, prefix+k+".", out); err != nil {
				return err
			}
		default:
			return fmt.Errorf("%s%s is neither text nor a group", prefix, k)
		}
	}
	return nil
}

// Label is the label of key in lang, else in Chinese, else the key itself
// (a test keeps every key the exports use in both languages).
func (g *Glossary) Label(lang, key string) string {
	if g == nil {
		return key
	}
	if l, ok := g.labels[lang][key]; ok {
		return l
	}
	if l, ok := g.labels[Zh][key]; ok {
		return l
	}
	return key
}

// Missing lists, as "lang: key", the keys that some language lacks.
func (g *Glossary) Missing(keys []string) []string {
	var out []string
	for lang, labels := range g.labels {
		for _, k := range keys {
			if strings.TrimSpace(labels[k]) == "" {
				out = append(out, lang+": "+k)
			}
		}
	}
	sort.Strings(out)
	return out
}

// Languages lists the languages the glossary has, sorted.
func (g *Glossary) Languages() []string {
	var out []string
	for l := range g.labels {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}
