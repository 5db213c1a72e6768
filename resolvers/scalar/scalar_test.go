package scalar

import (
	"bytes"
	"testing"
)

func TestJSON(t *testing.T) {
	tests := []struct {
		name  string
		in    any // for UnmarshalGQL; nil: j as given
		j     JSON
		wrote string
	}{
		{"as encoded", nil, JSON(`{"elements":{"nodes":[],"edges":[]}}` + "\n"), `{"elements":{"nodes":[],"edges":[]}}`},
		{"empty is null", nil, JSON(""), "null"},
		{"from a variable", map[string]any{"a": []any{1, "x"}}, nil, `{"a":[1,"x"]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := tt.j
			if tt.in != nil {
				if err := j.UnmarshalGQL(tt.in); err != nil {
					t.Fatal(err)
				}
			}
			var b bytes.Buffer
			j.MarshalGQL(&b)
			if b.String() != tt.wrote {
				t.Errorf("wrote %s, want %s", b.String(), tt.wrote)
			}
		})
	}
	var j JSON
	if err := j.UnmarshalGQL(func() {}); err == nil {
		t.Error("a value JSON cannot encode was taken")
	}
}
