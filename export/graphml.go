package export

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/graph"
)

// graphmlKeys declares the GraphML attributes with their types, so that
// Gephi and yEd read confidence as a number and sources as an integer.
// Gephi takes the node and edge attribute named "label" as the label.
var graphmlKeys = []struct{ id, for_, name, typ string }{
	{"label", "node", "label", "string"},
	{"type", "node", "type", "string"},
	{"aliases", "node", "aliases", "string"},
	{"description", "node", "description", "string"},
	{"roles", "node", "roles", "string"},
	{"external_refs", "node", "external_refs", "string"},
	{"elabel", "edge", "label", "string"},
	{"predicate", "edge", "predicate", "string"},
	{"confidence", "edge", "confidence", "double"},
	{"sources", "edge", "sources", "int"},
	{"first_seen", "edge", "first_seen", "string"},
	{"last_seen", "edge", "last_seen", "string"},
}

// WriteGraphML writes entities as nodes and relations as edges of one
// directed GraphML graph (a symmetric relation such as cooperates_with is an
// undirected edge), with typed attributes. Multi-valued attributes
// (aliases, roles, external references) are joined with "; ". Relations
// whose ends are not among ents are left out.
func WriteGraphML(w io.Writer, ents []graph.Entity, rels []graph.Relation) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(xml.Header)
	bw.WriteString(`<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">` + "\n")
	for _, k := range graphmlKeys {
		fmt.Fprintf(bw, "  <key id=%q for=%q attr.name=%q attr.type=%q/>\n", k.id, k.for_, k.name, k.typ)
	}
	bw.WriteString("  <graph id=\"newsgraph\" edgedefault=\"directed\">\n")
	data := func(key, val string) {
		if val == "" {
			return
		}
		fmt.Fprintf(bw, "      <data key=%q>", key)
		xml.EscapeText(bw, []byte(val))
		bw.WriteString("</data>\n")
	}
	known := make(map[string]bool, len(ents))
	for _, e := range ents {
		known[e.ID] = true
		bw.WriteString("    <node id=\"")
		xml.EscapeText(bw, []byte(e.ID))
		bw.WriteString("\">\n")
		data("label", e.Name)
		data("type", string(e.Type))
		data("aliases", strings.Join(e.Aliases, "; "))
		data("description", e.Description)
		data("roles", strings.Join(e.Roles, "; "))
		data("external_refs", refsText(e.ExternalRefs))
		bw.WriteString("    </node>\n")
	}
	for _, r := range rels {
		if !known[r.Subject] || !known[r.Object] {
			continue
		}
		bw.WriteString("    <edge id=\"")
		xml.EscapeText(bw, []byte(r.ID))
		bw.WriteString("\" source=\"")
		xml.EscapeText(bw, []byte(r.Subject))
		bw.WriteString("\" target=\"")
		xml.EscapeText(bw, []byte(r.Object))
		bw.WriteString("\"")
		if info, ok := r.Predicate.Info(); ok && info.Symmetric {
			bw.WriteString(" directed=\"false\"")
		}
		bw.WriteString(">\n")
		data("elabel", predicateLabel(r))
		data("predicate", string(r.Predicate))
		data("confidence", strconv.FormatFloat(r.Confidence, 'f', -1, 64))
		data("sources", strconv.Itoa(r.Sources))
		data("first_seen", day(r.FirstSeen))
		data("last_seen", day(r.LastSeen))
		bw.WriteString("    </edge>\n")
	}
	bw.WriteString("  </graph>\n</graphml>\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export: graphml: %w", err)
	}
	return nil
}

// predicateLabel is a relation's predicate as words: "attributed to".
func predicateLabel(r graph.Relation) string {
	return strings.ReplaceAll(string(r.Predicate), "_", " ")
}

// refsText joins external references as "source:id url".
func refsText(refs []graph.ExternalRef) string {
	parts := make([]string, 0, len(refs))
	for _, r := range refs {
		s := r.Source + ":" + r.ExternalID
		if r.URL != "" {
			s += " " + r.URL
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

// day formats a date as YYYY-MM-DD, or "" for the zero time.
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02")
}
