package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"strings"
	"testing"
)

const module = "centerstage"

// listedPackage is the part of `go list -json` the dependency rule needs.
type listedPackage struct {
	ImportPath   string
	Deps         []string
	TestImports  []string
	XTestImports []string
}

// within reports whether pkg is root or below it.
func within(pkg, root string) bool {
	return pkg == root || strings.HasPrefix(pkg, root+"/")
}

// ours returns the packages of this module that p depends on, directly or not,
// its tests' imports included.
func ours(p listedPackage) []string {
	var out []string
	for _, d := range append(append(append([]string{}, p.Deps...), p.TestImports...), p.XTestImports...) {
		if within(d, module) && d != p.ImportPath {
			out = append(out, d)
		}
	}
	return out
}

// TestDependencyDirection enforces main -> server -> services -> models.
func TestDependencyDirection(t *testing.T) {
	out, err := exec.Command("go", "list", "-e", "-json", "./...").Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	allowed := map[string][]string{
		module + "/models":   {module + "/models"},
		module + "/services": {module + "/models"},
		module + "/server":   {module + "/services", module + "/models"},
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	seen := map[string]bool{}
	for {
		var p listedPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("decode go list: %v", err)
		}
		for _, dep := range ours(p) {
			if dep == module {
				t.Errorf("%s imports main", p.ImportPath)
			}
		}
		for layer, ok := range allowed {
			if !within(p.ImportPath, layer) {
				continue
			}
			seen[layer] = true
			for _, dep := range ours(p) {
				if !within(dep, layer) && !withinAny(dep, ok) {
					t.Errorf("%s depends on %s; %s may use only %v", p.ImportPath, dep, layer, ok)
				}
			}
		}
	}
	for layer := range allowed {
		if !seen[layer] {
			t.Errorf("go list did not report %s; the rule checks nothing", layer)
		}
	}
}

func withinAny(pkg string, roots []string) bool {
	for _, r := range roots {
		if within(pkg, r) {
			return true
		}
	}
	return false
}
