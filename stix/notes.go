package stix

import (
	"sort"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/graph"
)

// Report is a report Write adds beside those of documents: an analyst's
// investigation, whose object_refs are its entities and the relationships
// among them.
type Report struct {
	// ID is newsgraph's ID of what the report stands for (an
	// investigation's ID); the report's STIX id is derived from it, and
	// notes whose target is ID refer to the report.
	ID                string
	Name, Description string
	Created, Modified time.Time
	// Entities are the entity IDs it covers.
	Entities []string
}

// InvestigationReport is a saved investigation as a report: its entities
// are the investigation's nodes.
func InvestigationReport(inv graph.Investigation) Report {
	r := Report{ID: inv.ID, Name: inv.Name, Created: inv.Created, Modified: inv.Updated,
		Description: "An investigation saved in newsgraph."}
	for _, n := range inv.Nodes {
		r.Entities = append(r.Entities, n.ID)
	}
	return r
}

// refs is what notes and reports point to: the STIX ids written for each
// entity, relation, claim and report, by newsgraph ID.
type refs struct {
	byID map[string][]string
}

func newRefs() *refs { return &refs{byID: map[string][]string{}} }

func (r *refs) add(id string, stixIDs ...string) {
	if id != "" {
		r.byID[id] = append(r.byID[id], stixIDs...)
	}
}

// claims records, for every claim behind a written relation, the
// relationships of that relation: a note on a claim refers to them.
func (r *refs) claims(claims map[string][]graph.Claim) {
	for relID, cs := range claims {
		ids := r.byID[relID]
		if len(ids) == 0 {
			continue
		}
		for _, c := range cs {
			r.add(c.NodeID(), ids...)
		}
	}
}

// reportObjects turns reports into STIX reports that refer to their
// entities and the relationships between two of them; rels are the written
// relations. A report that refers to nothing is left out (a STIX report
// needs one reference).
func (wr *writer) reportObjects(reports []Report, rels []graph.Relation, r *refs) []map[string]any {
	var out []map[string]any
	for _, rep := range reports {
		in := make(map[string]bool, len(rep.Entities))
		var objRefs []string
		for _, e := range rep.Entities {
			if id := wr.sdoID[e]; id != "" && !in[e] {
				in[e] = true
				objRefs = append(objRefs, id)
			}
		}
		for _, rel := range rels {
			if in[rel.Subject] && in[rel.Object] {
				objRefs = append(objRefs, r.byID[rel.ID]...)
			}
		}
		if len(objRefs) == 0 {
			continue
		}
		sort.Strings(objRefs)
		name := rep.Name
		if name == "" {
			name = rep.ID
		}
		created, modified := wr.tsOr(rep.Created), wr.tsOr(rep.Modified)
		if modified < created {
			modified = created
		}
		o := map[string]any{"type": "report", "spec_version": "2.1",
			"id":      "report--" + uuid5(Namespace, rep.ID),
			"created": created, "modified": modified,
			"name": name, "published": modified, "report_types": []string{"threat-report"},
			"object_refs": dedupe(objRefs, ""), "x_newsgraph_id": rep.ID,
		}
		if rep.Description != "" {
			o["description"] = rep.Description
		}
		r.add(rep.ID, o["id"].(string))
		out = append(out, o)
	}
	return out
}

// noteObjects turns notes into STIX notes whose object_refs are what their
// targets were written as; a note whose target was not written is left
// out.
func (wr *writer) noteObjects(notes []graph.Note, r *refs) []map[string]any {
	var out []map[string]any
	for _, n := range notes {
		targets := r.byID[n.Target]
		if len(targets) == 0 {
			continue
		}
		targets = append([]string(nil), targets...)
		sort.Strings(targets)
		created := wr.tsOr(n.Created)
		o := map[string]any{"type": "note", "spec_version": "2.1",
			"id":      "note--" + uuid5(Namespace, n.ID),
			"created": created, "modified": created,
			"content": n.Text, "object_refs": dedupe(targets, ""),
			"x_newsgraph_id": n.ID, "x_newsgraph_target": n.Target,
		}
		if a := strings.TrimSpace(n.Author); a != "" {
			o["authors"] = []string{a}
		}
		out = append(out, o)
	}
	return out
}

// tsOr is the STIX timestamp of t, or the bundle's when t is zero.
func (wr *writer) tsOr(t time.Time) string {
	if t.IsZero() {
		return wr.ts
	}
	return stamp(t)
}
