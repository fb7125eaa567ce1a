package glossary_test

import (
	"reflect"
	"testing"

	"centerstage/services/glossary"
)

func TestLabelsFallBackToChinese(t *testing.T) {
	g, err := glossary.Parse(map[string][]byte{
		"zh": []byte(`{"glossary": {"carry": "滚入下月", "status": {"met": "已达标", "behind": "落后"}}}`),
		"en": []byte(`{"glossary": {"carry": "Carried over", "status": {"met": "Met"}}, "other": {"x": "y"}}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ lang, key, want string }{
		{"zh", "carry", "滚入下月"}, {"en", "carry", "Carried over"}, {"en", "status.met", "Met"},
		{"en", "status.behind", "落后"}, // missing in English: Chinese
		{"zh", "nowhere", "nowhere"},  // missing everywhere: the key
	} {
		if got := g.Label(c.lang, c.key); got != c.want {
			t.Errorf("Label(%s, %s) = %q, want %q", c.lang, c.key, got, c.want)
		}
	}
	if got, want := g.Missing([]string{"carry", "status.behind", "x"}), []string{"en: status.behind", "en: x", "zh: x"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Missing = %v, want %v", got, want)
	}
}

func TestParseRefusesWhatIsNotAGlossary(t *testing.T) {
	for name, files := range map[string]map[string][]byte{
		"no Chinese":      {"en": []byte(`{"glossary": {"a": "b"}}`)},
		"no glossary key": {"zh": []byte(`{"quota": {"a": "b"}}`)},
		"a number":        {"zh": []byte(`{"glossary": {"a": 1}}`)},
		"not JSON":        {"zh": []byte(`{`)},
	} {
		if _, err := glossary.Parse(files); err == nil {
			t.Errorf("%s: parsed", name)
		}
	}
}
