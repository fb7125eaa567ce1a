package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"centerstage/services/counting"
)

// Every word the exports use is in the glossary in both languages.
func TestExportWordsAreInTheGlossary(t *testing.T) {
	g, err := appGlossary()
	if err != nil {
		t.Fatal(err)
	}
	if missing := g.Missing(counting.ExportKeys()); len(missing) > 0 {
		t.Errorf("the exports use glossary keys the locale files lack: %v", missing)
	}
}

// The glossary and the app's pages name the same things alike, so a
// workbook never says 已排期 where the app says 已安排.
func TestGlossaryAgreesWithTheApp(t *testing.T) {
	for _, lang := range []string{"zh-CN", "en"} {
		flat := map[string]string{}
		files, err := filepath.Glob("frontend/src/i18n/locales/*.json")
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			base := filepath.Base(f)
			if base != lang+".json" && !strings.HasSuffix(base, "."+lang+".json") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var tree map[string]any
			if err := json.Unmarshal(b, &tree); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			flatten(tree, "", flat)
		}
		same := map[string]string{ // app key prefix -> glossary key prefix
			"kinds.": "glossary.kind.", "status.": "glossary.activityStatus.", "quota.status.": "glossary.status.",
			"quota.metric.": "glossary.metric.", "quota.scope.": "glossary.scope.",
		}
		for app, gl := range same {
			n := 0
			for k, v := range flat {
				if code, ok := strings.CutPrefix(k, app); ok && !strings.Contains(code, ".") {
					n++
					if flat[gl+code] != v {
						t.Errorf("%s: %s%s is %q in the app but %q in the glossary", lang, app, code, v, flat[gl+code])
					}
				}
			}
			if n == 0 {
				t.Errorf("%s: the app has no %s* labels to compare", lang, app)
			}
		}
		for app, gl := range map[string]string{"quota.actual": "actual", "quota.scheduled": "scheduled",
			"monthly.plan": "plan", "monthly.due": "due", "monthly.actual": "monthActual", "monthly.carry": "carry",
			"monthly.month": "month", "monthly.year": "year"} {
			if v, ok := flat[app]; ok && flat["glossary."+gl] != v {
				t.Errorf("%s: %s is %q in the app but glossary.%s is %q", lang, app, v, gl, flat["glossary."+gl])
			}
		}
	}
}

func flatten(tree map[string]any, prefix string, out map[string]string) {
	for k, v := range tree {
		switch v := v.(type) {
		case string:
			out[prefix+k] = v
		case map[string]any:
			flatten(v, prefix+k+".", out)
		}
	}
}
