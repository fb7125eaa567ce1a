package backup

import (
	"strings"
	"testing"
)

// No table of today's schema has a foreign key, so the restore's order is
// held to made-up tables: a table comes after those it points at.
func TestDependencyOrder(t *testing.T) {
	got, err := dependencyOrder([]table{
		{Name: "activity_staff", Refs: []string{"users", "activities"}},
		{Name: "activities", Refs: []string{"venues", "users"}},
		{Name: "audit_entries"},
		{Name: "users", Refs: []string{"users"}}, // a self reference is no cycle
		{Name: "venues"},
	})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tb := range got {
		names = append(names, tb.Name)
	}
	if want := "users venues activities activity_staff audit_entries"; strings.Join(names, " ") != want {
		t.Errorf("order %v, want %s", names, want)
	}
	_, err = dependencyOrder([]table{{Name: "a", Refs: []string{"b"}}, {Name: "b", Refs: []string{"a"}}})
	if err == nil || !strings.Contains(err.Error(), "cycle") {
		t.Errorf("a cycle = %v, want an error", err)
	}
}

func TestKindsOfDeclaredTypes(t *testing.T) {
	for _, c := range []struct{ sqlite, dataType, columnType, want string }{
		{"integer", "bigint", "bigint(20) unsigned", kindInt},
		{"BIGINT", "int", "int(11)", kindInt},
		{"numeric", "tinyint", "tinyint(1)", kindBool},
		{"real", "double", "double", kindFloat},
		{"text", "varchar", "varchar(64)", kindText},
		{"longtext", "longtext", "longtext", kindText},
		{"datetime", "datetime", "datetime(3)", kindTime},
	} {
		if got, err := sqliteKind(c.sqlite); got != c.want || err != nil {
			t.Errorf("sqliteKind(%q) = %q, %v; want %q", c.sqlite, got, err, c.want)
		}
		if got, err := mysqlKind(c.dataType, c.columnType); got != c.want || err != nil {
			t.Errorf("mysqlKind(%q) = %q, %v; want %q", c.columnType, got, err, c.want)
		}
	}
	if _, err := sqliteKind("blob"); err == nil {
		t.Error("a blob column has a kind; the format has none for it")
	}
	if _, err := mysqlKind("decimal", "decimal(10,2)"); err == nil {
		t.Error("a decimal column has a kind; the format has none for it")
	}
}
