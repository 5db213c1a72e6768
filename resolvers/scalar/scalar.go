// Package scalar holds the Go types of GraphQL scalars whose values gqlgen's
// own types would handle less well. gqlgen.yml binds them.
package scalar

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// JSON is a value of the JSON scalar kept as encoded JSON: it is written to
// a response as it is, where graphql.Map would have to be decoded from the
// exporter's text and encoded again.
type JSON []byte

// MarshalGQL writes the value; an empty value is null.
func (j JSON) MarshalGQL(w io.Writer) {
	if len(bytes.TrimSpace(j)) == 0 {
		io.WriteString(w, "null")
		return
	}
	w.Write(bytes.TrimSpace(j))
}

// UnmarshalGQL takes a value of a query's arguments or variables.
func (j *JSON) UnmarshalGQL(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("scalar: JSON: %w", err)
	}
	*j = b
	return nil
}
