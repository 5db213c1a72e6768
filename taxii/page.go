package taxii

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/graph"
	"github.com/newsgraph/newsgraph/stix"
)

// query is what a request asks of a collection's objects.
type query struct {
	addedAfter time.Time // zero: from the start
	limit      int
	after      *cursor
	ids, types map[string]bool // empty: any
	versions   []string        // "first", "last", "all" or timestamps
	spec       map[string]bool
}

// cursor is where a page ended: the unit (by date added and ID) and how
// many of its objects were taken. It is the "next" of TAXII, encoded.
type cursor struct {
	Added int64  `json:"t"` // Unix milliseconds
	ID    string `json:"id"`
	N     int    `json:"n"`
}

func (c cursor) encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string) (*cursor, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, err
	}
	var c cursor
	if err := json.Unmarshal(b, &c); err != nil || c.ID == "" || c.N < 0 {
		return nil, fmt.Errorf("not a cursor of this server")
	}
	return &c, nil
}

// badRequest is a query the client got wrong.
type badRequest struct{ msg string }

func (e badRequest) Error() string { return e.msg }

// parseTimestamp parses a TAXII timestamp (RFC 3339, UTC).
func parseTimestamp(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil || !strings.HasSuffix(s, "Z") {
		return time.Time{}, fmt.Errorf("%q is not a timestamp such as 2021-07-19T00:00:00.000Z", s)
	}
	return t, nil
}

// parseQuery reads added_after, limit, next and the match filters (with
// object IDs, only match[version] applies to the objects and versions
// endpoints).
func parseQuery(v url.Values, byID bool) (query, error) {
	q := query{limit: DefaultLimit}
	if s := v.Get("added_after"); s != "" {
		t, err := parseTimestamp(s)
		if err != nil {
			return q, badRequest{"added_after: " + err.Error()}
		}
		q.addedAfter = t
	}
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return q, badRequest{"limit must be a positive integer"}
		}
		q.limit = min(n, MaxLimit)
	}
	if s := v.Get("next"); s != "" {
		c, err := decodeCursor(s)
		if err != nil {
			return q, badRequest{"next: " + err.Error()}
		}
		q.after = c
	}
	list := func(key string) map[string]bool {
		var m map[string]bool
		for _, s := range v[key] {
			for part := range strings.SplitSeq(s, ",") {
				if part = strings.TrimSpace(part); part != "" {
					if m == nil {
						m = map[string]bool{}
					}
					m[part] = true
				}
			}
		}
		return m
	}
	if !byID {
		q.ids, q.types = list("match[id]"), list("match[type]")
	}
	q.spec = list("match[spec_version]")
	for v := range list("match[version]") {
		if v != "first" && v != "last" && v != "all" {
			if _, err := parseTimestamp(v); err != nil {
				return q, badRequest{"match[version]: " + err.Error()}
			}
		}
		q.versions = append(q.versions, v)
	}
	return q, nil
}

// mayHold reports, before any object is built, whether u can have an
// object that the id and type filters let through.
func (q query) mayHold(u unit) bool {
	typ, id := "", ""
	switch {
	case u.inv != nil:
		typ, id = "report", stix.StableID("report", u.ID)
	case u.Kind == graph.ArrivedDocument:
		typ, id = "report", stix.StableID("report", u.ID)
	case u.Kind == graph.ArrivedNote:
		typ, id = "note", stix.StableID("note", u.ID)
	case u.Kind == graph.ArrivedRelation:
		typ = "relationship"
	default:
		typ = stix.SDOType(u.Type)
		if typ != "software" {
			id = stix.StableID(typ, u.ID)
		}
	}
	if len(q.types) > 0 && !q.types[typ] {
		return false
	}
	if len(q.ids) > 0 && id != "" && !q.ids[id] {
		return false
	}
	return true
}

// matches reports whether an object passes the filters.
func (q query) matches(o object) bool {
	if len(q.ids) > 0 && !q.ids[o.ID] || len(q.types) > 0 && !q.types[o.Type] {
		return false
	}
	if len(q.spec) > 0 && !q.spec["2.1"] {
		return false
	}
	if len(q.versions) == 0 {
		return true
	}
	for _, v := range q.versions {
		switch v {
		case "first", "last", "all":
			return true // each object has one version, its latest
		default:
			if t, _ := parseTimestamp(v); t.Equal(mustTime(o.Version)) {
				return true
			}
		}
	}
	return false
}

func mustTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

// result is one page of a collection's objects.
type result struct {
	objects []object
	more    bool
	next    string
}

// page builds one page of objects of a collection: those of its units
// after the cursor and added after added_after, in order, a few units at a
// time, until the limit.
func (h *Handler) page(ctx context.Context, c collection, q query) (result, error) {
	all, err := h.allUnits(ctx)
	if err != nil {
		return result{}, err
	}
	units := c.units(all)
	start := 0
	if !q.addedAfter.IsZero() {
		start = sort.Search(len(units), func(i int) bool { return units[i].Last.After(q.addedAfter) })
	}
	skip := 0
	if q.after != nil {
		key := unit{Arrival: graph.Arrival{ID: q.after.ID, Last: time.UnixMilli(q.after.Added).UTC()}}
		i, found := slices.BinarySearchFunc(units, key, compareUnits)
		if i >= start {
			start = i
			if found {
				skip = q.after.N
			}
		}
	}
	var res result
	step := min(q.limit, 100)
	for i := start; i < len(units); {
		var chunk []unit
		var at []int
		for ; i < len(units) && len(chunk) < step; i++ {
			if q.mayHold(units[i]) {
				chunk, at = append(chunk, units[i]), append(at, i)
			}
		}
		built, err := h.build(ctx, chunk)
		h.cfg.Store.ReleasePages()
		if err != nil {
			return result{}, err
		}
		for k, objs := range built {
			u := chunk[k]
			first := 0
			if at[k] == start {
				first = min(skip, len(objs))
			}
			for j := first; j < len(objs); j++ {
				o := objs[j]
				if (c.keep != nil && !c.keep(o.m)) || !q.matches(o) {
					continue
				}
				if len(res.objects) == q.limit {
					res.more = true
					res.next = cursor{Added: u.Last.UnixMilli(), ID: u.ID, N: j}.encode()
					return res, nil
				}
				o.m = nil // the page keeps the encoded object only
				res.objects = append(res.objects, o)
			}
		}
		if err := ctx.Err(); err != nil {
			return result{}, err
		}
	}
	return res, nil
}

// answerPage writes a page (of objects or of the manifest) with TAXII's
// X-TAXII-Date-Added headers.
func answerPage(w http.ResponseWriter, res result, body map[string]any) {
	dateHeaders(w, res)
	body["more"] = res.more
	if res.next != "" {
		body["next"] = res.next
	}
	writeJSON(w, http.StatusOK, body)
}

// run parses the query, finds the collection and builds the page; it
// answers the errors itself (ok false).
func (h *Handler) run(w http.ResponseWriter, r *http.Request, byID bool) (result, bool) {
	q, err := parseQuery(r.URL.Query(), byID)
	if err != nil {
		writeError(w, http.StatusBadRequest, "bad request", err.Error())
		return result{}, false
	}
	c, ok := h.lookup(w, r)
	if !ok {
		return result{}, false
	}
	if byID {
		q.ids = map[string]bool{r.PathValue("object"): true}
	}
	res, err := h.page(r.Context(), c, q)
	if err != nil {
		h.internal(w, r, err)
		return result{}, false
	}
	if byID && len(res.objects) == 0 && q.after == nil {
		writeError(w, http.StatusNotFound, "unknown object", "no object "+r.PathValue("object")+" in this collection")
		return result{}, false
	}
	return res, true
}

func (h *Handler) objects(w http.ResponseWriter, r *http.Request) {
	if res, ok := h.run(w, r, false); ok {
		writeEnvelope(w, res)
	}
}

func (h *Handler) object(w http.ResponseWriter, r *http.Request) {
	if res, ok := h.run(w, r, true); ok {
		writeEnvelope(w, res)
	}
}

// writeEnvelope writes the envelope resource (section 3.7) of a page,
// object by object as encoded.
func writeEnvelope(w http.ResponseWriter, res result) {
	dateHeaders(w, res)
	w.Header().Set("Content-Type", MediaType)
	w.WriteHeader(http.StatusOK)
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, `{"more":%t`, res.more)
	if res.next != "" {
		fmt.Fprintf(bw, `,"next":%q`, res.next)
	}
	if len(res.objects) > 0 {
		bw.WriteString(`,"objects":[`)
		for i, o := range res.objects {
			if i > 0 {
				bw.WriteByte(',')
			}
			bw.WriteString("\n")
			bw.Write(o.JSON)
		}
		bw.WriteString("\n]")
	}
	bw.WriteString("}\n")
	bw.Flush()
}

// dateHeaders sets the X-TAXII-Date-Added headers of a page.
func dateHeaders(w http.ResponseWriter, res result) {
	if n := len(res.objects); n > 0 {
		w.Header().Set("X-TAXII-Date-Added-First", stamp(res.objects[0].Added))
		w.Header().Set("X-TAXII-Date-Added-Last", stamp(res.objects[n-1].Added))
	}
}

func (h *Handler) manifest(w http.ResponseWriter, r *http.Request) {
	res, ok := h.run(w, r, false)
	if !ok {
		return
	}
	body := map[string]any{}
	if len(res.objects) > 0 {
		recs := make([]map[string]string, len(res.objects))
		for i, o := range res.objects {
			recs[i] = map[string]string{"id": o.ID, "date_added": stamp(o.Added), "version": o.Version, "media_type": STIXMediaType}
		}
		body["objects"] = recs
	}
	answerPage(w, res, body)
}

func (h *Handler) versions(w http.ResponseWriter, r *http.Request) {
	res, ok := h.run(w, r, true)
	if !ok {
		return
	}
	vs := make([]string, len(res.objects))
	for i, o := range res.objects {
		vs[i] = o.Version
	}
	answerPage(w, res, map[string]any{"versions": vs})
}
