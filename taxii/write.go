package taxii

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/newsgraph/newsgraph/stix"
)

// maxStatuses bounds the status resources a server remembers.
const maxStatuses = 1000

// status is a status resource (section 4.3.1): what became of one POST of
// objects. Imports finish before the answer, so every status is complete.
type status struct {
	ID               string    `json:"id"`
	Status           string    `json:"status"`
	RequestTimestamp string    `json:"request_timestamp"`
	TotalCount       int       `json:"total_count"`
	SuccessCount     int       `json:"success_count"`
	FailureCount     int       `json:"failure_count"`
	PendingCount     int       `json:"pending_count"`
	at               time.Time // for eviction
}

// statuses remembers the latest status resources.
type statuses struct {
	mu    sync.Mutex
	byID  map[string]status
	order []string
}

func (s *statuses) put(st status) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.byID == nil {
		s.byID = map[string]status{}
	}
	s.byID[st.ID] = st
	s.order = append(s.order, st.ID)
	if len(s.order) > maxStatuses {
		delete(s.byID, s.order[0])
		s.order = s.order[1:]
	}
}

func (s *statuses) get(id string) (status, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.byID[id]
	return st, ok
}

// addObjects imports an envelope of STIX objects into the whole-graph
// collection, as `newsgraph import` imports a bundle, when the server
// allows writes; else it refuses them.
func (h *Handler) addObjects(w http.ResponseWriter, r *http.Request) {
	if !isTAXII(r.Header.Get("Content-Type")) {
		writeError(w, http.StatusUnsupportedMediaType, "unsupported media type", "the Content-Type must be "+MediaType)
		return
	}
	c, ok := h.lookup(w, r)
	if !ok {
		return
	}
	if !c.writable {
		writeError(w, http.StatusForbidden, "read-only collection", "this collection does not accept objects")
		return
	}
	at := h.cfg.Now()
	bundle, err := bundleOf(r.Body)
	if err != nil {
		writeError(w, http.StatusBadRequest, "bad envelope", err.Error())
		return
	}
	sum, err := stix.Import(r.Context(), h.cfg.Store, bytes.NewReader(bundle), "taxii")
	if err != nil {
		if r.Context().Err() == nil {
			h.cfg.Logger.WarnContext(r.Context(), "taxii: import refused", "err", err)
			writeError(w, http.StatusBadRequest, "bad envelope", "the objects could not be imported: "+err.Error())
			return
		}
		h.internal(w, r, err)
		return
	}
	failed := sum.Invalid + sum.Dangling + sum.Revoked + sum.Deprecated
	for _, n := range sum.Unmapped {
		failed += n
	}
	failed = min(failed, sum.Objects)
	st := status{ID: uuid4(), Status: "complete", RequestTimestamp: stamp(at), TotalCount: sum.Objects,
		SuccessCount: sum.Objects - failed, FailureCount: failed, at: at}
	h.statuses.put(st)
	writeJSON(w, http.StatusAccepted, st)
}

// bundleOf turns an envelope into a STIX bundle whose id derives from its
// content, so that the same envelope posted twice is imported once.
func bundleOf(r io.Reader) ([]byte, error) {
	body, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read the envelope: %w", err)
	}
	var env struct {
		Objects []json.RawMessage `json:"objects"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, fmt.Errorf("the envelope is not JSON: %w", err)
	}
	if len(env.Objects) == 0 {
		return nil, fmt.Errorf("the envelope has no objects")
	}
	return json.Marshal(map[string]any{"type": "bundle", "id": "bundle--" + stix.UUID5(namespace, "envelope\x00"+string(body)),
		"objects": env.Objects})
}

// status answers a status resource of an earlier POST.
func (h *Handler) status(w http.ResponseWriter, r *http.Request) {
	st, ok := h.statuses.get(r.PathValue("status"))
	if !ok {
		writeError(w, http.StatusNotFound, "unknown status", "no status "+r.PathValue("status"))
		return
	}
	writeJSON(w, http.StatusOK, st)
}

// uuid4 returns a random UUID.
func uuid4() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
