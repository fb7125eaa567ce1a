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

// TestLayerImports enforces what each layer may not import directly (tests
// excepted): no SQL in server, no HTTP in services.
func TestLayerImports(t *testing.T) {
	out, err := exec.Command("go", "list", "-e", "-json", "./server/...", "./services/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	forbidden := map[string][]string{
		module + "/server":   {"gorm.io/", "database/sql", "github.com/go-sql-driver/", "github.com/glebarez/"},
		module + "/services": {"net/http", "github.com/gin-gonic/"},
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("decode go list: %v", err)
		}
		for layer, bad := range forbidden {
			if !within(p.ImportPath, layer) {
				continue
			}
			for _, imp := range p.Imports {
				for _, b := range bad {
					if strings.HasPrefix(imp, b) {
						t.Errorf("%s imports %s", p.ImportPath, imp)
					}
				}
			}
		}
	}
}
