package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"slices"
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

// ours returns the packages of this module among deps, p itself left out.
func ours(p listedPackage, deps []string) []string {
	var out []string
	for _, d := range deps {
		if within(d, module) && d != p.ImportPath {
			out = append(out, d)
		}
	}
	return out
}

// Layers of the module, below main. A package belongs to the longest layer
// path it is within: services/counting is a layer of its own, not part of
// services.
const (
	layerModels      = module + "/models"
	layerServices    = module + "/services"
	layerCounting    = module + "/services/counting"
	layerDemo        = module + "/services/demo"
	layerPlanner     = module + "/services/planner"
	layerServicetest = module + "/services/servicestest"
	layerServer      = module + "/server"
	layerBackup      = module + "/services/backup"
	// The benchmark harness measures the server over HTTP and its floor
	// through database/sql; it reuses the models and the rules of derived
	// rows (services), never the server's or counting's code.
	layerBench = module + "/scripts/bench"
)

// allowedLayers maps each layer to the layers its code may use (its own is
// always allowed). Counting builds on the services' basics and scheduling
// never sees it: the dry run reaches counting through the QuotaImpact
// interface main passes in.
var allowedLayers = map[string][]string{
	layerModels:      {},
	layerServices:    {layerModels},
	layerCounting:    {layerServices, layerModels},
	layerDemo:        {layerCounting, layerServices, layerModels},
	layerPlanner:     {layerCounting, layerServices, layerModels},
	layerServicetest: {layerServices, layerModels},
	layerServer:      {layerPlanner, layerCounting, layerServices, layerModels},
	layerBench:       {layerServices, layerModels},
	layerBackup:      {layerServices, layerModels},
}

// testLayers are what a layer's tests may use beyond its code's layers: the
// shared test helpers, and for the scheduling tests the counting engine,
// wired in as main does, to test the dry run's quota impact.
var testLayers = map[string][]string{
	layerServices: {layerServicetest, layerCounting},
	layerCounting: {layerServicetest},
	layerDemo:     {layerServicetest},
	layerPlanner:  {layerServicetest},
	layerServer:   {layerServicetest},
	// The backup's round trip compares tallies of a demo center.
	layerBackup: {layerServicetest, layerCounting, layerDemo},
}

// layerOf returns the layer pkg belongs to, or "" for main.
func layerOf(pkg string) string {
	best := ""
	for l := range allowedLayers {
		if within(pkg, l) && len(l) > len(best) {
			best = l
		}
	}
	return best
}

// TestDependencyDirection enforces main -> server -> counting -> services ->
// models (demo and planner above counting, servicestest beside the tests).
func TestDependencyDirection(t *testing.T) {
	out, err := exec.Command("go", "list", "-e", "-json", "./...").Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
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
		tests := append(append([]string{}, p.TestImports...), p.XTestImports...)
		for _, dep := range ours(p, append(append([]string{}, p.Deps...), tests...)) {
			if dep == module {
				t.Errorf("%s imports main", p.ImportPath)
			}
		}
		layer := layerOf(p.ImportPath)
		if layer == "" {
			continue
		}
		seen[layer] = true
		ok := allowedLayers[layer]
		for _, dep := range ours(p, p.Deps) {
			if l := layerOf(dep); l != layer && !slices.Contains(ok, l) {
				t.Errorf("%s depends on %s; %s may use only %v", p.ImportPath, dep, layer, ok)
			}
		}
		okTests := append(slices.Clone(ok), testLayers[layer]...)
		for _, dep := range ours(p, tests) {
			if l := layerOf(dep); l != layer && !slices.Contains(okTests, l) {
				t.Errorf("%s's tests import %s; they may use only %v", p.ImportPath, dep, okTests)
			}
		}
	}
	for layer := range allowedLayers {
		if !seen[layer] {
			t.Errorf("go list did not report %s; the rule checks nothing", layer)
		}
	}
}
