package services_test

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"centerstage/services"
)

// localeKeys reads every locale file of lang (zh-CN.json, codes.zh-CN.json,
// ...) the way the app merges them: top-level keys of later files win.
func localeKeys(t *testing.T, lang string) map[string]bool {
	t.Helper()
	dir := filepath.Join("..", "frontend", "src", "i18n", "locales")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	merged := map[string]any{}
	for _, e := range entries {
		if e.Name() != lang+".json" && !strings.HasSuffix(e.Name(), "."+lang+".json") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		var tree map[string]any
		if err := json.Unmarshal(b, &tree); err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		for k, v := range tree {
			merged[k] = v
		}
	}
	keys := map[string]bool{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		m, ok := v.(map[string]any)
		if !ok {
			if s, _ := v.(string); strings.TrimSpace(s) != "" {
				keys[prefix] = true
			}
			return
		}
		for k, sub := range m {
			walk(prefix+"."+k, sub)
		}
	}
	for k, v := range merged {
		walk(k, v)
	}
	return keys
}

// Every code the server can send (each error code, each field problem code,
// each reason) has a sentence in both languages of the app.
func TestEveryCodeHasATranslation(t *testing.T) {
	t.Parallel()
	codes := services.Codes()
	if len(codes) < 60 {
		t.Fatalf("only %d codes listed", len(codes))
	}
	for _, lang := range []string{"zh-CN", "en"} {
		keys := localeKeys(t, lang)
		for _, k := range services.Kinds {
			if !keys["errors."+string(k)] {
				t.Errorf("%s lacks errors.%s", lang, k)
			}
		}
		for _, c := range codes {
			if key := string(c.Class()) + "." + c.String(); !keys[key] {
				t.Errorf("%s lacks %s", lang, key)
			}
		}
	}
}

func TestCodesAreUniquePerClass(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, c := range services.Codes() {
		key := string(c.Class()) + "." + c.String()
		if seen[key] || c.IsZero() {
			t.Errorf("code %q listed twice or empty", key)
		}
		seen[key] = true
	}
}

// Codes are made only in codes.go, where they are listed; rule and conflict
// errors always carry a reason code (Fail, not Errorf).
func TestCodesAreMadeOnlyInTheList(t *testing.T) {
	t.Parallel()
	dirs := []string{".", "../server"}
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() && e.Name() != "testdata" {
			dirs = append(dirs, e.Name())
		}
	}
	for _, dir := range dirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, name, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CompositeLit:
					if id, ok := n.Type.(*ast.Ident); ok && id.Name == "Code" && filepath.Base(name) != "codes.go" {
						t.Errorf("%s: a Code made outside codes.go", fset.Position(n.Pos()))
					}
				case *ast.CallExpr:
					if fn := callName(n.Fun); fn == "Errorf" && len(n.Args) > 0 {
						if k := callName(n.Args[0]); k == "Rule" || k == "Conflict" {
							t.Errorf("%s: a %s error without a reason code; use Fail", fset.Position(n.Pos()), k)
						}
					}
				}
				return true
			})
		}
	}
}

func callName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return e.Sel.Name
	}
	return ""
}
